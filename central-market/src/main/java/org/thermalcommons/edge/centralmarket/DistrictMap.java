package org.thermalcommons.edge.centralmarket;

import java.util.List;
import java.util.Locale;

/** The district map: sites placed by their configured coordinates (equirectangular), coloured by state. */
final class DistrictMap {
    private static final int W = 640;
    private static final int H = 360;
    private static final int PAD = 40;

    private DistrictMap() {
    }

    static String svg(List<MarketView.SiteRow> sites) {
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\" aria-label=\"district map\"><rect width=\"100%\" height=\"100%\"")
                .append(" fill=\"#f4f7f2\" stroke=\"#999\"/>");
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        double minLon = Double.MAX_VALUE;
        double maxLon = -Double.MAX_VALUE;
        for (MarketView.SiteRow s : sites) {
            minLat = Math.min(minLat, s.info().lat());
            maxLat = Math.max(maxLat, s.info().lat());
            minLon = Math.min(minLon, s.info().lon());
            maxLon = Math.max(maxLon, s.info().lon());
        }
        double midLat = (minLat + maxLat) / 2;
        double cos = Math.cos(Math.toRadians(midLat));
        double spanX = Math.max((maxLon - minLon) * cos, 1e-4);
        double spanY = Math.max(maxLat - minLat, 1e-4);
        double scale = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
        for (MarketView.SiteRow s : sites) {
            double x = W / 2.0 + ((s.info().lon() - (minLon + maxLon) / 2) * cos) * scale;
            double y = H / 2.0 - (s.info().lat() - midLat) * scale;
            String colour = switch (s.state() + "/" + s.mode()) {
                case "online/market" -> "#2e8b57";
                case "online/autonomous" -> "#e69500";
                default -> "#999999";
            };
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"%s\"><title>%s</title>"
                    + "</circle><text x=\"%.1f\" y=\"%.1f\" font-size=\"12\">%s (%s)</text>", x, y, colour,
                    StatusPage.esc(s.info().id()), x + 12, y + 4, StatusPage.esc(s.info().name()),
                    StatusPage.esc(s.mode().isEmpty() ? s.state() : s.mode())));
        }
        return b.append("</svg>").toString();
    }
}
