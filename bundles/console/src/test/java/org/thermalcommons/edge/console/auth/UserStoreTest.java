package org.thermalcommons.edge.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts in console.db: the schema migration of an existing file, the last-admin rule, one-time reset links. */
class UserStoreTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

    @TempDir
    Path dir;

    /** A wall clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static User user(String name, ConsoleRole role) {
        return new User(name, role, "hash-of-" + name, T0, "test");
    }

    @Test
    void aConsoleDbOfTheFirstSchemaIsMigratedAndKeepsItsUsersAndOverrides() throws Exception {
        // console.db as the first console wrote it: the users table without a version, and the override table beside it.
        Path file = dir.resolve("console.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (username TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, "
                    + "created_ms INTEGER NOT NULL, created_by TEXT NOT NULL)");
            s.execute("INSERT INTO users VALUES ('boss', 'admin', '$pbkdf2-sha256$i=1$a$b', " + T0.toEpochMilli() + ", 'setup-link')");
            s.execute("INSERT INTO users VALUES ('ann', 'installer', '$pbkdf2-sha256$i=1$c$d', " + T0.toEpochMilli() + ", 'boss')");
            s.execute("CREATE TABLE overrides (point TEXT PRIMARY KEY, value REAL NOT NULL, until_ms INTEGER NOT NULL, "
                    + "set_by TEXT NOT NULL, set_ms INTEGER NOT NULL)");
            s.execute("INSERT INTO overrides VALUES ('zone-1/sp', 21, " + T0.plusSeconds(3600).toEpochMilli() + ", 'ann', 0)");
        }
        try (UserStore users = UserStore.open(dir)) {
            assertThat(users.all()).extracting(User::username, User::role, User::passwordHash, User::enabled).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("ann", ConsoleRole.INSTALLER, "$pbkdf2-sha256$i=1$c$d", true),
                    org.assertj.core.groups.Tuple.tuple("boss", ConsoleRole.ADMIN, "$pbkdf2-sha256$i=1$a$b", true));
            assertThat(users.setEnabled("ann", false)).isEqualTo(UserStore.Change.DONE);
            assertThat(users.find("ann")).hasValueSatisfying(u -> assertThat(u.enabled()).isFalse());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT (SELECT version FROM users_schema), (SELECT count(*) FROM overrides)")) {
            assertThat(r.getInt(1)).isEqualTo(UserSchema.latest());
            assertThat(r.getInt(2)).as("the override table in the same file is untouched").isEqualTo(1);
        }
        try (UserStore again = UserStore.open(dir)) {
            assertThat(again.find("ann")).as("reopened: no second migration").hasValueSatisfying(u -> assertThat(u.enabled()).isFalse());
        }
    }

    @Test
    void aConsoleDbWrittenByANewerConsoleIsRefused() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("console.db")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users_schema (version INTEGER NOT NULL)");
            s.execute("INSERT INTO users_schema VALUES (" + (UserSchema.latest() + 1) + ")");
        }
        assertThatThrownBy(() -> UserStore.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written by a newer COOL Edge console");
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledDemotedOrDeleted() {
        try (UserStore users = UserStore.open(dir)) {
            users.insert(user("boss", ConsoleRole.ADMIN));
            users.insert(user("second", ConsoleRole.ADMIN));
            users.insert(user("ann", ConsoleRole.VIEWER));
            assertThat(users.setEnabled("second", false)).isEqualTo(UserStore.Change.DONE);
            // boss is now the only enabled admin: a disabled admin does not count.
            assertThat(users.setEnabled("boss", false)).isEqualTo(UserStore.Change.LAST_ADMIN);
            assertThat(users.setRole("boss", ConsoleRole.INSTALLER)).isEqualTo(UserStore.Change.LAST_ADMIN);
            assertThat(users.delete("boss")).isEqualTo(UserStore.Change.LAST_ADMIN);
            assertThat(users.find("boss")).hasValueSatisfying(u -> {
                assertThat(u.enabled()).isTrue();
                assertThat(u.role()).isEqualTo(ConsoleRole.ADMIN);
            });
            // Changes that keep an enabled admin are allowed.
            assertThat(users.setRole("boss", ConsoleRole.ADMIN)).isEqualTo(UserStore.Change.DONE);
            assertThat(users.delete("second")).as("a disabled admin").isEqualTo(UserStore.Change.DONE);
            assertThat(users.setRole("ann", ConsoleRole.ADMIN)).isEqualTo(UserStore.Change.DONE);
            assertThat(users.setRole("boss", ConsoleRole.VIEWER)).as("ann is an admin now").isEqualTo(UserStore.Change.DONE);
            assertThat(users.setRole("ghost", ConsoleRole.VIEWER)).isEqualTo(UserStore.Change.NO_SUCH_USER);
        }
    }

    @Test
    void aResetLinkSetsThePasswordOnceAndOnlyItsHashIsStored() throws Exception {
        TestClock clock = new TestClock();
        try (UserStore users = UserStore.open(dir)) {
            users.insert(user("ann", ConsoleRole.VIEWER));
            ResetLinks links = new ResetLinks(users, clock, Duration.ofHours(24));
            ResetLinks.Issued link = links.issue("ann", "boss");
            assertThat(link.expires()).isEqualTo(T0.plus(Duration.ofHours(24)));
            assertThat(links.pending("ann")).hasValueSatisfying(l -> assertThat(l.issuedBy()).isEqualTo("boss"));

            assertThat(links.redeem("not-the-token", "new-hash")).isInstanceOf(ResetLinks.Refused.class);
            assertThat(links.redeem(link.token(), "new-hash")).isInstanceOfSatisfying(ResetLinks.Redeemed.class,
                    r -> assertThat(r.link().username()).isEqualTo("ann"));
            assertThat(users.find("ann")).hasValueSatisfying(u -> assertThat(u.passwordHash()).isEqualTo("new-hash"));
            assertThat(links.redeem(link.token(), "third-hash")).isInstanceOfSatisfying(ResetLinks.Refused.class,
                    r -> assertThat(r.why()).contains("not valid (used already"));
            assertThat(users.find("ann")).hasValueSatisfying(u -> assertThat(u.passwordHash()).isEqualTo("new-hash"));
            assertThat(links.pending("ann")).isEmpty();

            ResetLinks.Issued second = links.issue("ann", "boss");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + users.file()); Statement s = c.createStatement();
                 var r = s.executeQuery("SELECT token_hash FROM reset_links")) {
                assertThat(r.getString(1)).isEqualTo(Tokens.sha256(second.token())).isNotEqualTo(second.token());
            }
        }
    }

    @Test
    void aResetLinkExpiresOnTheInjectedClockAndANewerLinkVoidsTheOlder() {
        TestClock clock = new TestClock();
        try (UserStore users = UserStore.open(dir)) {
            users.insert(user("ann", ConsoleRole.VIEWER));
            ResetLinks links = new ResetLinks(users, clock, Duration.ofHours(24));
            ResetLinks.Issued first = links.issue("ann", "boss");
            ResetLinks.Issued second = links.issue("ann", "boss");
            assertThat(links.redeem(first.token(), "h1")).as("replaced by the newer link").isInstanceOf(ResetLinks.Refused.class);

            clock.now = T0.plus(Duration.ofHours(24)).minusMillis(1);
            assertThat(links.pending("ann")).isPresent();
            clock.now = T0.plus(Duration.ofHours(24));
            assertThat(links.pending("ann")).isEmpty();
            assertThat(links.redeem(second.token(), "h2")).isInstanceOfSatisfying(ResetLinks.Refused.class,
                    r -> assertThat(r.why()).contains("expired at " + second.expires()));
            assertThat(users.find("ann")).hasValueSatisfying(u -> assertThat(u.passwordHash()).isEqualTo("hash-of-ann"));

            ResetLinks.Issued third = links.issue("ann", "boss");
            assertThat(users.setEnabled("ann", false)).isEqualTo(UserStore.Change.DONE);
            assertThat(links.redeem(third.token(), "h3")).as("void once the account is disabled").isInstanceOf(ResetLinks.Refused.class);
        }
    }
}
