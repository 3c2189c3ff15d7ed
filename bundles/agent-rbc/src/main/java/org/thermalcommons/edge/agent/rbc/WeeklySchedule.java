package org.thermalcommons.edge.agent.rbc;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Weekly windows in local time, written {@code MON-FRI 08:00-19:00} (days inclusive, end exclusive, {@code 24:00} for
 * midnight); several separated by {@code ;}. Used for the occupancy schedule and for the expected stress windows.
 */
record WeeklySchedule(List<Window> windows) {
    private static final Pattern ENTRY = Pattern.compile(
            "([A-Z]{3})(?:-([A-Z]{3}))?\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

    record Window(DayOfWeek from, DayOfWeek to, int startMinute, int endMinute) {
        boolean onDay(DayOfWeek d) {
            int f = from.getValue();
            int t = to.getValue();
            int v = d.getValue();
            return f <= t ? v >= f && v <= t : v >= f || v <= t;
        }
    }

    static final WeeklySchedule NEVER = new WeeklySchedule(List.of());

    WeeklySchedule {
        windows = List.copyOf(windows);
    }

    /** Parses entries; {@code key} names the setting in error messages. */
    static WeeklySchedule parse(String key, List<String> entries) {
        List<Window> out = new ArrayList<>();
        for (String raw : entries) {
            for (String part : raw.split(";")) {
                String e = part.trim().toUpperCase(Locale.ROOT);
                if (e.isEmpty()) {
                    continue;
                }
                if (e.length() > 64) {
                    throw new IllegalArgumentException(key + ": entry longer than 64 characters");
                }
                Matcher m = ENTRY.matcher(e);
                if (!m.matches()) {
                    throw new IllegalArgumentException(key + ": '" + part.trim() + "' must look like MON-FRI 08:00-19:00");
                }
                DayOfWeek from = day(key, m.group(1));
                DayOfWeek to = m.group(2) == null ? from : day(key, m.group(2));
                int start = minute(key, m.group(3), m.group(4));
                int end = minute(key, m.group(5), m.group(6));
                if (end <= start) {
                    throw new IllegalArgumentException(key + ": '" + part.trim() + "' must end after it starts");
                }
                out.add(new Window(from, to, start, end));
            }
        }
        return new WeeklySchedule(out);
    }

    private static DayOfWeek day(String key, String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(s)) {
                return d;
            }
        }
        throw new IllegalArgumentException(key + ": unknown day '" + s + "' (MON..SUN)");
    }

    private static int minute(String key, String h, String m) {
        int v = Integer.parseInt(h) * 60 + Integer.parseInt(m);
        if (Integer.parseInt(m) > 59 || v > 24 * 60) {
            throw new IllegalArgumentException(key + ": time " + h + ":" + m + " must be 00:00..24:00");
        }
        return v;
    }

    boolean contains(Instant t, ZoneOffset zone) {
        ZonedDateTime z = t.atZone(zone);
        int minute = z.getHour() * 60 + z.getMinute();
        for (Window w : windows) {
            if (w.onDay(z.getDayOfWeek()) && minute >= w.startMinute() && minute < w.endMinute()) {
                return true;
            }
        }
        return false;
    }

    /** Start of the next window that begins after {@code t} and within {@code lookAhead}, if any. */
    Optional<Instant> nextStart(Instant t, Duration lookAhead, ZoneOffset zone) {
        Instant best = null;
        LocalDate day = t.atZone(zone).toLocalDate();
        for (int d = 0; d <= lookAhead.toDays() + 1; d++) {
            LocalDate date = day.plusDays(d);
            for (Window w : windows) {
                if (!w.onDay(date.getDayOfWeek())) {
                    continue;
                }
                Instant s = date.atStartOfDay(zone).plusMinutes(w.startMinute()).toInstant();
                if (s.isAfter(t) && !s.isAfter(t.plus(lookAhead)) && (best == null || s.isBefore(best))) {
                    best = s;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
