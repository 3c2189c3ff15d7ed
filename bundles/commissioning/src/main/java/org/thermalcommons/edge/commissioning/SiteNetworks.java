package org.thermalcommons.edge.commissioning;

import java.util.ArrayList;
import java.util.List;

/** Loopback (127.0.0.0/8) plus the site's configured IPv4 networks (CIDR), the only places a probe may go. */
final class SiteNetworks {
    private final List<long[]> nets = new ArrayList<>();
    private final String text;

    /** @throws IllegalArgumentException naming a malformed CIDR */
    SiteNetworks(String cidrs) {
        StringBuilder sb = new StringBuilder("127.0.0.0/8");
        for (String c : cidrs.split(",")) {
            String s = c.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split("/");
            if (parts.length != 2 || !s.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
                throw new IllegalArgumentException("site network '" + s + "' must be a CIDR like 192.168.10.0/24");
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 16 || prefix > 32) {
                throw new IllegalArgumentException("site network '" + s + "' must have a prefix of 16..32");
            }
            long mask = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
            nets.add(new long[]{ModbusProber.toLong(parts[0]) & mask, mask});
            sb.append(", ").append(s);
        }
        text = sb.toString();
    }

    boolean allows(String ipv4) {
        long a = ModbusProber.toLong(ipv4);
        if ((a >>> 24) == 127) {
            return true;
        }
        return nets.stream().anyMatch(n -> (a & n[1]) == n[0]);
    }

    @Override
    public String toString() {
        return text;
    }
}
