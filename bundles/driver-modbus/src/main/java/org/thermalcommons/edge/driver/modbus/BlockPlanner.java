package org.thermalcommons.edge.driver.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.thermalcommons.edge.api.profile.ModbusAddress;

/**
 * Merges the registers of a poll group into as few reads as possible: same table, adjacent (or within
 * {@code maxGap} unused registers), at most 125 registers or 2000 bits per read. Scale-factor registers (holding
 * registers) ride along in the holding-register blocks.
 */
final class BlockPlanner {
    static final int MAX_REGISTERS = 125;
    static final int MAX_BITS = 2000;

    private BlockPlanner() {
    }

    static List<Block> plan(List<ModbusPoint> points, int maxGap) {
        Map<ModbusAddress.Table, List<ModbusPoint>> byTable = new TreeMap<>();
        TreeSet<Integer> sfRegisters = new TreeSet<>();
        for (ModbusPoint p : points) {
            byTable.computeIfAbsent(p.address().table(), t -> new ArrayList<>()).add(p);
            p.address().scaleFactorRegister().ifPresent(sfRegisters::add);
        }
        List<Block> out = new ArrayList<>();
        for (ModbusAddress.Table table : ModbusAddress.Table.values()) {
            List<ModbusPoint> list = byTable.getOrDefault(table, List.of());
            List<int[]> spans = new ArrayList<>(); // {first, last, pointIndex or -1 for sf}
            for (int i = 0; i < list.size(); i++) {
                spans.add(new int[] {list.get(i).first(), list.get(i).last(), i});
            }
            if (table == ModbusAddress.Table.HOLDING_REGISTER) {
                for (int sf : sfRegisters) {
                    spans.add(new int[] {sf, sf, -1});
                }
            }
            if (spans.isEmpty()) {
                continue;
            }
            spans.sort(Comparator.<int[]>comparingInt(s -> s[0]).thenComparingInt(s -> s[1]));
            int limit = table == ModbusAddress.Table.COIL || table == ModbusAddress.Table.DISCRETE_INPUT ? MAX_BITS : MAX_REGISTERS;
            int start = -1;
            int end = -1;
            List<ModbusPoint> members = new ArrayList<>();
            List<Integer> sfs = new ArrayList<>();
            for (int[] s : spans) {
                boolean fits = start >= 0 && s[0] <= end + 1 + maxGap && Math.max(end, s[1]) - start + 1 <= limit;
                if (!fits && start >= 0) {
                    out.add(new Block(table, start, end - start + 1, List.copyOf(members), List.copyOf(sfs)));
                    members.clear();
                    sfs.clear();
                    start = -1;
                }
                if (start < 0) {
                    start = s[0];
                    end = s[1];
                } else {
                    end = Math.max(end, s[1]);
                }
                if (s[2] >= 0) {
                    members.add(list.get(s[2]));
                } else {
                    sfs.add(s[0]);
                }
            }
            out.add(new Block(table, start, end - start + 1, List.copyOf(members), List.copyOf(sfs)));
        }
        return out;
    }
}
