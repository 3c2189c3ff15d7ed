package org.thermalcommons.edge.centralmarket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thermalcommons.edge.market.protocol.Step;

/** A bid's steps as stored in a column: {@code kw@price;kw@price}. Round-trips doubles exactly. */
final class Steps {
    private Steps() {
    }

    static String format(List<Step> steps) {
        StringBuilder b = new StringBuilder();
        for (Step s : steps) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(Double.toString(s.kw())).append('@').append(Double.toString(s.pricePerKwh()));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    static List<Step> parse(String text) {
        List<Step> out = new ArrayList<>();
        for (String part : text.split(";")) {
            int at = part.indexOf('@');
            out.add(new Step(Double.parseDouble(part.substring(0, at)), Double.parseDouble(part.substring(at + 1))));
        }
        return out;
    }
}
