package org.thermalcommons.edge.driver.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.point.Limits;
import org.thermalcommons.edge.api.point.Role;
import org.thermalcommons.edge.api.point.Unit;
import org.thermalcommons.edge.api.profile.ModbusAddress;
import org.thermalcommons.edge.api.profile.ModbusAddress.DataType;
import org.thermalcommons.edge.api.profile.ModbusAddress.Table;
import org.thermalcommons.edge.api.profile.PollGroup;
import org.thermalcommons.edge.api.profile.ProfilePoint;

class BlockPlannerTest {
    static ModbusPoint point(String name, Table table, int address, DataType type, OptionalInt sf) {
        ProfilePoint p = new ProfilePoint(name, Role.ELECTRIC_POWER_SENSOR, Unit.KILOWATT, Limits.NONE, false, PollGroup.FAST,
                OptionalInt.empty(), OptionalDouble.empty(),
                new ModbusAddress(table, address, type, ModbusAddress.WordOrder.BIG_ENDIAN, 1, 0, sf));
        return ModbusPoint.of("d", p);
    }

    static ModbusPoint reg(String name, int address, DataType type) {
        return point(name, Table.HOLDING_REGISTER, address, type, OptionalInt.empty());
    }

    @Test
    void adjacentRegistersMergeIntoOneRead() {
        List<Block> b = BlockPlanner.plan(List.of(reg("a", 0, DataType.UINT16), reg("b", 1, DataType.INT32), reg("c", 3, DataType.FLOAT32)), 0);
        assertThat(b).singleElement().satisfies(x -> {
            assertThat(x.start()).isZero();
            assertThat(x.count()).isEqualTo(5);
            assertThat(x.points()).hasSize(3);
        });
    }

    @Test
    void gapsSplitUnlessWithinTheTolerance() {
        List<ModbusPoint> pts = List.of(reg("a", 0, DataType.UINT16), reg("b", 4, DataType.UINT16));
        assertThat(BlockPlanner.plan(pts, 0)).hasSize(2);
        assertThat(BlockPlanner.plan(pts, 3)).singleElement().extracting(Block::count).isEqualTo(5);
    }

    @Test
    void readsNeverExceed125RegistersOr2000Bits() {
        List<ModbusPoint> pts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pts.add(reg("r" + i, i, DataType.UINT16));
        }
        List<Block> blocks = BlockPlanner.plan(pts, 0);
        assertThat(blocks).extracting(Block::count).containsExactly(125, 125, 50);
        assertThat(blocks.stream().mapToInt(x -> x.points().size()).sum()).isEqualTo(300);

        List<ModbusPoint> coils = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            coils.add(point("c" + i, Table.COIL, i, DataType.BOOL, OptionalInt.empty()));
        }
        assertThat(BlockPlanner.plan(coils, 0)).extracting(Block::count).containsExactly(2000, 500);
    }

    @Test
    void aThirtyTwoBitValueIsNeverSplitAcrossReads() {
        List<ModbusPoint> pts = new ArrayList<>();
        for (int i = 0; i < 62; i++) {
            pts.add(reg("r" + i, i * 2, DataType.INT32));
        }
        pts.add(reg("edge", 124, DataType.FLOAT32));
        List<Block> blocks = BlockPlanner.plan(pts, 0);
        for (Block b : blocks) {
            for (ModbusPoint p : b.points()) {
                assertThat(p.first()).isGreaterThanOrEqualTo(b.start());
                assertThat(p.last()).isLessThan(b.start() + b.count());
            }
            assertThat(b.count()).isLessThanOrEqualTo(125);
        }
    }

    @Test
    void tablesAreReadSeparatelyAndScaleFactorsRideAlong() {
        List<Block> blocks = BlockPlanner.plan(List.of(point("soc", Table.HOLDING_REGISTER, 100, DataType.UINT16, OptionalInt.of(101)),
                point("in", Table.INPUT_REGISTER, 100, DataType.UINT16, OptionalInt.empty())), 0);
        assertThat(blocks).hasSize(2);
        Block holding = blocks.stream().filter(b -> b.table() == Table.HOLDING_REGISTER).findFirst().orElseThrow();
        assertThat(holding.count()).isEqualTo(2);
        assertThat(holding.scaleFactorRegisters()).containsExactly(101);
    }
}
