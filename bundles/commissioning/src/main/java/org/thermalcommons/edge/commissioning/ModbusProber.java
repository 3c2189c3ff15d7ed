package org.thermalcommons.edge.commissioning;

import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.commissioning.ModbusFinding;
import org.thermalcommons.edge.api.commissioning.ModbusProbe;
import org.thermalcommons.edge.api.commissioning.ModbusScan;

/**
 * A bounded Modbus TCP probe: at most {@value #MAX_HOSTS} hosts × {@value #MAX_UNITS} unit ids, each connection under
 * its timeout, the whole probe under its deadline, and only to loopback or the configured site networks (rule
 * {@code site-network}). For each unit that answers, the SunSpec header ('SunS' at 40000, 50000 or 0) and the model
 * ids after it, and a few holding registers.
 */
final class ModbusProber {
    static final int MAX_HOSTS = 256;
    static final int MAX_UNITS = 16;
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_DEADLINE = Duration.ofSeconds(120);
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    private static final int[] SUNSPEC_BASES = {40000, 50000, 0};
    private static final int SUNS_HI = 0x5375;
    private static final int SUNS_LO = 0x6E53;

    private final SiteNetworks networks;

    ModbusProber(SiteNetworks networks) {
        this.networks = networks;
    }

    /** The rules a probe breaks, by field; empty when it may run. */
    Map<String, String> check(ModbusProbe p) {
        Map<String, String> e = new LinkedHashMap<>();
        boolean firstOk = ip(p.firstHost(), "firstHost", e);
        boolean lastOk = ip(p.lastHost(), "lastHost", e);
        if (firstOk && lastOk) {
            long a = toLong(p.firstHost());
            long b = toLong(p.lastHost());
            if (b < a) {
                e.put("lastHost", "must not be before firstHost");
            } else if (b - a + 1 > MAX_HOSTS) {
                e.put("lastHost", "host-count: at most " + MAX_HOSTS + " hosts per probe, was " + (b - a + 1));
            } else {
                for (String h : List.of(p.firstHost(), p.lastHost())) {
                    if (!networks.allows(h)) {
                        e.put(h.equals(p.firstHost()) ? "firstHost" : "lastHost", "site-network: " + h
                                + " is neither loopback nor in a configured site network (" + networks + ")");
                    }
                }
            }
        }
        if (p.port() < 1 || p.port() > 65535) {
            e.put("port", "must be 1..65535");
        }
        if (p.firstUnit() < 0 || p.firstUnit() > 247) {
            e.put("firstUnit", "must be 0..247");
        }
        if (p.lastUnit() < p.firstUnit() || p.lastUnit() > 247) {
            e.put("lastUnit", "must be firstUnit..247");
        } else if (p.lastUnit() - p.firstUnit() + 1 > MAX_UNITS) {
            e.put("lastUnit", "unit-count: at most " + MAX_UNITS + " unit ids per probe");
        }
        if (p.timeout().compareTo(Duration.ofMillis(50)) < 0 || p.timeout().compareTo(MAX_TIMEOUT) > 0) {
            e.put("timeoutMs", "must be 50..5000 ms");
        }
        if (p.deadline().compareTo(Duration.ofSeconds(1)) < 0 || p.deadline().compareTo(MAX_DEADLINE) > 0) {
            e.put("deadlineSeconds", "must be 1..120 s");
        }
        return e;
    }

    private static boolean ip(String s, String field, Map<String, String> e) {
        if (s == null || !IPV4.matcher(s).matches()) {
            e.put(field, "must be an IPv4 address like 127.0.0.1");
            return false;
        }
        return true;
    }

    static long toLong(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    static String toIp(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    ModbusScan probe(ModbusProbe p) {
        Map<String, String> errors = check(p);
        if (!errors.isEmpty()) {
            return ModbusScan.refused(errors);
        }
        long t0 = System.nanoTime();
        long end = t0 + p.deadline().toNanos();
        List<ModbusFinding> found = new ArrayList<>();
        int tried = 0;
        boolean timedOut = false;
        outer:
        for (long h = toLong(p.firstHost()); h <= toLong(p.lastHost()); h++) {
            String host = toIp(h);
            ModbusTCPMaster m = new ModbusTCPMaster(host, p.port(), (int) p.timeout().toMillis(), false);
            try {
                if (System.nanoTime() > end) {
                    timedOut = true;
                    break;
                }
                m.connect();
            } catch (Exception e) {
                tried += p.lastUnit() - p.firstUnit() + 1; // nothing listens: every unit of this host is done
                continue;
            }
            try {
                for (int unit = p.firstUnit(); unit <= p.lastUnit(); unit++) {
                    if (System.nanoTime() > end) {
                        timedOut = true;
                        break outer;
                    }
                    tried++;
                    unit(m, host, p.port(), unit).ifPresent(found::add);
                }
            } finally {
                m.disconnect();
            }
        }
        return new ModbusScan(Map.of(), found, tried, timedOut, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static java.util.Optional<ModbusFinding> unit(ModbusTCPMaster m, String host, int port, int unit) {
        for (int base : SUNSPEC_BASES) {
            int[] hdr = read(m, unit, base, 2);
            if (hdr != null && hdr[0] == SUNS_HI && hdr[1] == SUNS_LO) {
                List<Integer> models = new ArrayList<>();
                int at = base + 2;
                for (int i = 0; i < 16; i++) {
                    int[] mh = read(m, unit, at, 2);
                    if (mh == null || mh[0] == 0xFFFF || mh[0] == 0) {
                        break;
                    }
                    models.add(mh[0]);
                    at += 2 + mh[1];
                }
                int[] first = read(m, unit, base + 2, 8);
                return java.util.Optional.of(new ModbusFinding(host, port, unit, OptionalInt.of(base), models,
                        first == null ? List.of() : ints(first), base + 2));
            }
        }
        int[] first = read(m, unit, 0, 8);
        if (first == null) {
            first = read(m, unit, 0, 1);
        }
        return first == null ? java.util.Optional.empty()
                : java.util.Optional.of(new ModbusFinding(host, port, unit, OptionalInt.empty(), List.of(), ints(first), 0));
    }

    /** Holding registers, or null on any failure (exception answer, timeout, short answer). */
    static int[] read(ModbusTCPMaster m, int unit, int ref, int count) {
        try {
            return words(m.readMultipleRegisters(unit, ref, count), count);
        } catch (Exception e) {
            return null;
        }
    }

    /** Input registers (function 4); null when the unit does not answer with exactly {@code count} words. */
    static int[] readInput(ModbusTCPMaster m, int unit, int ref, int count) {
        try {
            return words(m.readInputRegisters(unit, ref, count), count);
        } catch (Exception e) {
            return null;
        }
    }

    private static int[] words(com.ghgande.j2mod.modbus.procimg.InputRegister[] r, int count) {
        if (r == null || r.length != count) {
            return null;
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = r[i].getValue() & 0xFFFF;
        }
        return out;
    }

    private static List<Integer> ints(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int x : a) {
            l.add(x);
        }
        return l;
    }

    /** Whether {@code host} resolves to loopback (for names given to the register browser). */
    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
