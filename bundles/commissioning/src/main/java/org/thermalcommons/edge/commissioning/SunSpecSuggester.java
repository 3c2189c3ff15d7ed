package org.thermalcommons.edge.commissioning;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.thermalcommons.edge.api.commissioning.DraftPoint;

/**
 * Draft points for a SunSpec unit from the layouts of the models it carries: the model chain is walked on the unit
 * (bounded: 16 models, each header read under the connection's timeout) and each known model's registers are suggested
 * at their offsets from the model's start, with the model's scale-factor register. Known: inverters 101-103 (current,
 * phase-A voltage, AC power, frequency) and meters 201-204 (current, voltage, frequency, total power). Suggestions only:
 * the installer checks them in the register browser and confirms them.
 */
final class SunSpecSuggester {
    static final int MAX_MODELS = 16;

    /** A model found on the unit: its id and the register of its id (its length follows). */
    record Model(int id, int at) {
    }

    private SunSpecSuggester() {
    }

    /** Connects to the unit, finds its SunSpec header (40000, 50000 or 0) and suggests points for its models. */
    static List<DraftPoint> suggest(String host, int port, int unit) {
        ModbusTCPMaster m = new ModbusTCPMaster(host, port, 1000, false);
        try {
            m.connect();
            for (int base : new int[] {40000, 50000, 0}) {
                List<Model> models = models(m, unit, base);
                if (!models.isEmpty()) {
                    return suggest(models);
                }
            }
            return List.of();
        } catch (Exception ex) {
            throw new IllegalArgumentException("host: cannot connect to " + host + ":" + port + ": " + ex.getMessage());
        } finally {
            m.disconnect();
        }
    }

    /** The models after the SunSpec header at {@code base}, or none when there is no header. */
    static List<Model> models(ModbusTCPMaster m, int unit, int base) {
        List<Model> out = new ArrayList<>();
        int[] hdr = ModbusProber.read(m, unit, base, 2);
        if (hdr == null || hdr[0] != 0x5375 || hdr[1] != 0x6E53) {
            return out;
        }
        int at = base + 2;
        for (int i = 0; i < MAX_MODELS && at < 65534; i++) {
            int[] mh = ModbusProber.read(m, unit, at, 2);
            if (mh == null || mh[0] == 0xFFFF || mh[0] == 0) {
                break;
            }
            out.add(new Model(mh[0], at));
            at += 2 + mh[1];
        }
        return out;
    }

    static List<DraftPoint> suggest(List<Model> models) {
        List<DraftPoint> out = new ArrayList<>();
        for (Model md : models) {
            int a = md.at();
            String p = "m" + md.id() + "-";
            switch (md.id()) {
                case 101, 102, 103 -> {
                    out.add(point(p + "ac-current", "Inverter_Electric_Current_Sensor", "ampere", 0, 10_000, a + 2, "uint16", a + 6));
                    out.add(point(p + "ac-voltage", "Inverter_Voltage_Sensor", "volt", 0, 1000, a + 10, "uint16", a + 13));
                    out.add(point(p + "ac-power", RoleSuggester.sunspecRole(md.id()), "watt", -1e7, 1e7, a + 14, "int16", a + 15));
                    out.add(point(p + "frequency", "Inverter_Frequency_Sensor", "hertz", 40, 70, a + 16, "uint16", a + 17));
                }
                case 201, 202, 203, 204 -> {
                    out.add(point(p + "current", "Electric_Current_Sensor", "ampere", -10_000, 10_000, a + 2, "int16", a + 6));
                    out.add(point(p + "voltage", "Voltage_Sensor", "volt", 0, 1000, a + 7, "int16", a + 15));
                    out.add(point(p + "frequency", "Frequency_Sensor", "hertz", 40, 70, a + 16, "int16", a + 17));
                    out.add(point(p + "power", RoleSuggester.sunspecRole(md.id()), "watt", -1e7, 1e7, a + 18, "int16", a + 22));
                }
                default -> {
                    // Not a model we know the layout of: the installer maps it from the register browser.
                }
            }
        }
        return out;
    }

    private static DraftPoint point(String name, String role, String unit, double min, double max, int address, String type, int sf) {
        return new DraftPoint(name, role, unit, min, max, false, OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(),
                OptionalInt.empty(), OptionalDouble.empty(), "holding:" + address + ":" + type, OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalInt.of(sf));
    }
}
