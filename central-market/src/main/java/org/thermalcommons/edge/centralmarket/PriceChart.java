package org.thermalcommons.edge.centralmarket;

import java.util.List;
import java.util.Locale;

/** Clearing prices over time as an SVG polyline (oldest left); intervals that did not cross are left out. */
final class PriceChart {
    private static final int W = 640;
    private static final int H = 160;

    private PriceChart() {
    }

    static String svg(List<Object[]> newestFirst) {
        List<Object[]> rows = StatusPage.oldestFirst(newestFirst);
        StringBuilder b = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\""
                + H + "\" role=\"img\" aria-label=\"clearing prices\"><rect width=\"100%\" height=\"100%\""
                + " fill=\"#fff\" stroke=\"#999\"/>");
        double max = 0;
        for (Object[] r : rows) {
            if (r[1] != null) {
                max = Math.max(max, ((Number) r[1]).doubleValue());
            }
        }
        if (max <= 0 || rows.size() < 1) {
            return b.append("<text x=\"10\" y=\"20\">no clearing price yet</text></svg>").toString();
        }
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i)[1] == null) {
                continue;
            }
            double x = 10 + (W - 20) * (rows.size() == 1 ? 0.5 : i / (double) (rows.size() - 1));
            double y = H - 15 - (H - 30) * ((Number) rows.get(i)[1]).doubleValue() / max;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        b.append("<polyline fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\" points=\"").append(pts.toString().trim())
                .append("\"/>").append(String.format(Locale.ROOT, "<text x=\"12\" y=\"14\" font-size=\"11\">max %.4f"
                + " per kWh</text>", max));
        return b.append("</svg>").toString();
    }
}
