package org.thermalcommons.edge.sim;

import com.serotonin.bacnet4j.LocalDevice;
import com.serotonin.bacnet4j.exception.BACnetServiceException;
import com.serotonin.bacnet4j.obj.AnalogValueObject;
import com.serotonin.bacnet4j.type.constructed.PropertyValue;
import com.serotonin.bacnet4j.type.constructed.ValueSource;
import com.serotonin.bacnet4j.type.enumerated.EngineeringUnits;
import com.serotonin.bacnet4j.type.enumerated.ErrorClass;
import com.serotonin.bacnet4j.type.enumerated.ErrorCode;
import com.serotonin.bacnet4j.type.enumerated.PropertyIdentifier;
import com.serotonin.bacnet4j.type.primitive.Real;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Unit;

/** What the simulated BACnet zones need beyond bacnet4j's objects: units from the profile, setpoints with a range. */
final class BacnetZoneObjects {
    static final String MODEL = "COOL Edge simulated zone controller";

    private BacnetZoneObjects() {
    }

    /** What a commandable object accepts: the profile's range, its top lowered to the device's own maximum. */
    static Limits deviceRange(Limits profile, double deviceMax) {
        return deviceMax >= profile.max() ? profile : Limits.of(profile.min(), Math.max(profile.min(), deviceMax));
    }

    /** The BACnet engineering units for a profile unit (so a commissioning tool reads what the profile says). */
    static EngineeringUnits units(Unit u) {
        return switch (u) {
            case CELSIUS -> EngineeringUnits.degreesCelsius;
            case PERCENT -> EngineeringUnits.percent;
            case PERCENT_RELATIVE_HUMIDITY -> EngineeringUnits.percentRelativeHumidity;
            case WATT -> EngineeringUnits.watts;
            case KILOWATT -> EngineeringUnits.kilowatts;
            case KILOWATT_HOUR -> EngineeringUnits.kilowattHours;
            case VOLT -> EngineeringUnits.volts;
            case AMPERE -> EngineeringUnits.amperes;
            case HERTZ -> EngineeringUnits.hertz;
            case SECONDS -> EngineeringUnits.seconds;
            default -> EngineeringUnits.noUnits;
        };
    }

    /**
     * A commandable analog value that refuses a present-value outside its range with the BACnet error
     * {@code property: value-out-of-range}, as real controllers do (min/max present value).
     */
    static final class RangedAnalogValue extends AnalogValueObject {
        private final Limits range;

        RangedAnalogValue(LocalDevice d, int instance, String name, float start, EngineeringUnits units, Limits range)
                throws BACnetServiceException {
            super(d, instance, name, start, units, false);
            this.range = range;
        }

        @Override
        protected boolean validateProperty(ValueSource source, PropertyValue value) throws BACnetServiceException {
            if (value.getPropertyIdentifier().equals(PropertyIdentifier.presentValue) && value.getValue() instanceof Real r
                    && !range.contains(r.floatValue())) {
                throw new BACnetServiceException(ErrorClass.property, ErrorCode.valueOutOfRange);
            }
            return super.validateProperty(source, value);
        }
    }
}
