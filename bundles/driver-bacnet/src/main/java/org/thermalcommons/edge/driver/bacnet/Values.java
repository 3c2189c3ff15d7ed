package org.thermalcommons.edge.driver.bacnet;

import com.serotonin.bacnet4j.type.Encodable;
import com.serotonin.bacnet4j.type.enumerated.BinaryPV;
import com.serotonin.bacnet4j.type.primitive.Boolean;
import com.serotonin.bacnet4j.type.primitive.Enumerated;
import com.serotonin.bacnet4j.type.primitive.Real;
import com.serotonin.bacnet4j.type.primitive.SignedInteger;
import com.serotonin.bacnet4j.type.primitive.UnsignedInteger;
import java.util.OptionalDouble;

/** BACnet values to numbers and back. */
final class Values {
    private Values() {
    }

    static OptionalDouble toDouble(Encodable e) {
        if (e instanceof Real r) {
            return OptionalDouble.of(r.floatValue());
        }
        if (e instanceof com.serotonin.bacnet4j.type.primitive.Double d) {
            return OptionalDouble.of(d.doubleValue());
        }
        if (e instanceof UnsignedInteger u) {
            return OptionalDouble.of(u.longValue());
        }
        if (e instanceof SignedInteger s) {
            return OptionalDouble.of(s.longValue());
        }
        if (e instanceof Enumerated en) {
            return OptionalDouble.of(en.intValue());
        }
        if (e instanceof Boolean b) {
            return OptionalDouble.of(b.booleanValue() ? 1 : 0);
        }
        return OptionalDouble.empty();
    }

    static Encodable toEncodable(BacnetPoint p, double v) {
        if (p.binary()) {
            return v != 0 ? BinaryPV.active : BinaryPV.inactive;
        }
        if (p.multiState()) {
            return new UnsignedInteger(Math.max(1, Math.round(v)));
        }
        return new Real((float) v);
    }
}
