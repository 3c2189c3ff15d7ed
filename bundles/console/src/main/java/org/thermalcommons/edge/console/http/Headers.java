package org.thermalcommons.edge.console.http;

import jakarta.servlet.http.HttpServletResponse;

/** Security headers on every console response. */
public final class Headers {
    private Headers() {
    }

    public static void secure(HttpServletResponse resp) {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        // The setup link carries its token in the URL: never send it on as a referrer.
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    }
}
