package org.thermalcommons.edge.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.commissioning.PointTest;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

class ReportWriterTest {
    static ReportWriter.Content content() {
        Instant t = Instant.parse("2026-12-02T01:00:00Z");
        TestRun run = new TestRun("t1", "zone-1", "ines", t, Optional.of(t.plusSeconds(9)), List.of(
                new PointTest("zone-1/temp", "Zone_Air_Temperature_Sensor", OptionalDouble.of(-2.5), "GOOD", false,
                        OptionalDouble.empty(), List.of(), "read", t),
                new PointTest("zone-1/cooling-setpoint", "Zone_Air_Cooling_Temperature_Setpoint", OptionalDouble.of(22), "GOOD", true,
                        OptionalDouble.of(24), List.of("SENT@1", "ACKNOWLEDGED@2", "VERIFIED@3", "RELINQUISHED@4"), "verified, relinquished", t)));
        return new ReportWriter.Content("Site <A&B>", "ines (installer)", t, "0.1.0", List.of("org.thermalcommons.edge.core 0.1.0"),
                List.of(new DiscoveredDevice("bacnet", 1001, "127.0.0.1:47809", 1476, "no-segmentation", 0, "sim",
                        ProfileDrafterTest.SIM_ZONE, t)), List.of(),
                List.of(new ProfileDraft("site-zone", "{\"points\":[{\"name\":\"temp\",\"role\":\"Zone_Air_Temperature_Sensor\"}]}", Map.of(), true)),
                List.of(run), List.of(new Journal.Entry(t, "ines (installer)", "BACnet scan: 1 devices")));
    }

    @Test
    void theHtmlReportListsSiteDevicesPointsTestsAndWhoEscaped() {
        String html = ReportWriter.html(content());
        assertThat(html).contains("Site &lt;A&amp;B&gt;", "127.0.0.1:47809", "temp: Zone_Air_Temperature_Sensor",
                "SENT \u2192 ACKNOWLEDGED \u2192 VERIFIED \u2192 RELINQUISHED", "verified, relinquished", "ines (installer)",
                "org.thermalcommons.edge.core 0.1.0", "2026-12-02T01:00:09Z");
    }

    @Test
    void thePdfReportIsAPdfWithTheSiteInIt() {
        byte[] pdf = ReportWriter.pdf(ReportWriter.html(content()));
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(2000);
    }
}
