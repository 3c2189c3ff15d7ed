package org.thermalcommons.edge.commissioning;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.thermalcommons.edge.api.commissioning.ModbusFinding;
import org.thermalcommons.edge.api.commissioning.PointTest;
import org.thermalcommons.edge.api.commissioning.ProfileDraft;
import org.thermalcommons.edge.api.commissioning.TestRun;
import org.thermalcommons.edge.api.driver.DiscoveredDevice;

/**
 * The commissioning report: site, gateway version and bundles, devices found, profiles saved, test results with
 * timestamps and who ran each step. Printable XHTML, and PDF rendered from the same XHTML by openhtmltopdf with an
 * embedded DejaVu Sans (so every character, e.g. U+2212, has a glyph).
 */
final class ReportWriter {
    static final String FONT = "/fonts/DejaVuSans.ttf";

    /** What goes into a report. */
    record Content(String site, String by, Instant at, String gatewayVersion, List<String> bundles,
                   List<DiscoveredDevice> bacnet, List<ModbusFinding> modbus, List<ProfileDraft> profiles,
                   List<TestRun> tests, List<Journal.Entry> steps) {
    }

    static {
        // openhtmltopdf logs every render at INFO through java.util.logging; the gateway logs the report itself.
        com.openhtmltopdf.util.XRLog.setLoggingEnabled(false);
    }

    private ReportWriter() {
    }

    static String html(Content c) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"UTF-8\"/>")
                .append("<title>Commissioning report ").append(esc(c.site())).append("</title><style>")
                .append("body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;margin:1.5em}h1{font-size:16pt}h2{font-size:12pt;margin-top:1.2em}")
                .append("table{border-collapse:collapse;width:100%;margin:.4em 0;table-layout:fixed;font-size:8.5pt}td,th{border:1px solid #999;padding:2px 4px;text-align:left;vertical-align:top;word-wrap:break-word}")
                .append("th{background:#eee}.ok{color:#060}.bad{color:#a00}@page{size:A4;margin:15mm}")
                .append("</style></head><body>");
        h.append("<h1>Commissioning report: ").append(esc(c.site())).append("</h1>");
        h.append("<p>Generated ").append(c.at()).append(" by ").append(esc(c.by())).append(". Gateway ")
                .append(esc(c.gatewayVersion())).append(".</p>");
        h.append("<h2>BACnet devices</h2>");
        table(h, List.of("Instance", "Address", "Vendor", "Objects"), c.bacnet().stream().map(d -> List.of(
                String.valueOf(d.instance()), d.address(), d.vendorName().isEmpty() ? "vendor " + d.vendorId() : d.vendorName(),
                d.objects().stream().map(o -> o.type() + ":" + o.instance() + (o.name().isEmpty() ? "" : " " + o.name()))
                        .collect(Collectors.joining(", ")))).toList());
        h.append("<h2>Modbus units</h2>");
        table(h, List.of("Host", "Unit", "SunSpec", "First registers"), c.modbus().stream().map(m -> List.of(
                m.host() + ":" + m.port(), String.valueOf(m.unit()),
                m.sunspecBase().isPresent() ? "at " + m.sunspecBase().getAsInt() + ", models " + m.sunspecModels() : "no",
                m.registersAt() + ": " + m.firstRegisters())).toList());
        h.append("<h2>Profiles drafted and saved</h2>");
        table(h, List.of("Profile", "Points (name: role)"), c.profiles().stream().map(p -> List.of(p.id(), pointsOf(p))).toList());
        h.append("<h2>Point tests</h2>");
        for (TestRun t : c.tests()) {
            h.append("<p><b>").append(esc(t.device())).append("</b> run ").append(esc(t.id())).append(" by ")
                    .append(esc(t.by())).append(", started ").append(t.started()).append(", ")
                    .append(t.finished().map(f -> "finished " + f).orElse("still running")).append("</p>");
            table(h, List.of("Point", "Role", "Read", "Test value", "Commands", "Outcome", "At"),
                    t.points().stream().map(ReportWriter::row).toList());
        }
        if (c.tests().isEmpty()) {
            h.append("<p>No point tests were run.</p>");
        }
        h.append("<h2>Steps</h2>");
        table(h, List.of("At", "Who", "What"), c.steps().stream().map(e -> List.of(e.at().toString(), e.who(), e.what())).toList());
        h.append("<h2>Gateway bundles</h2>");
        h.append("<p>").append(esc(String.join(", ", c.bundles()))).append("</p>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static List<String> row(PointTest p) {
        return List.of(p.point(), p.role(),
                p.value().isPresent() ? fmt(p.value().getAsDouble()) + " (" + p.quality() + ")" : p.quality(),
                p.testValue().isPresent() ? fmt(p.testValue().getAsDouble()) : (p.writable() ? "" : "read-only"),
                String.join(" \u2192 ", p.states().stream().map(s -> s.substring(0, s.indexOf('@'))).toList()),
                p.outcome(), p.at().toString());
    }

    private static String pointsOf(ProfileDraft p) {
        try {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.json());
            StringBuilder sb = new StringBuilder();
            root.path("points").forEach(n -> sb.append(sb.length() == 0 ? "" : ", ").append(n.path("name").asText())
                    .append(": ").append(n.path("role").asText()));
            return sb.toString();
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static void table(StringBuilder h, List<String> head, List<List<String>> rows) {
        if (rows.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<table><tr>");
        head.forEach(x -> h.append("<th>").append(esc(x)).append("</th>"));
        h.append("</tr>");
        for (List<String> r : rows) {
            h.append("<tr>");
            r.forEach(x -> h.append("<td>").append(esc(x)).append("</td>"));
            h.append("</tr>");
        }
        h.append("</table>");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(Character.isISOControl(ch) && ch != '\n' ? ' ' : ch);
            }
        }
        return b.toString();
    }

    static byte[] pdf(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder b = new PdfRendererBuilder();
            b.useFastMode();
            b.useFont(() -> {
                InputStream in = ReportWriter.class.getResourceAsStream(FONT);
                if (in == null) {
                    throw new UncheckedIOException(new IOException("font " + FONT + " missing from the bundle"));
                }
                return in;
            }, "DejaVu Sans");
            b.withHtmlContent(xhtml, null);
            b.toStream(out);
            b.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
