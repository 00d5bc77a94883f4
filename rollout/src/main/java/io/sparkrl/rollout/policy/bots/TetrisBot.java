package io.sparkrl.rollout.policy.bots;

import io.sparkrl.rollout.env.Env;
import io.sparkrl.rollout.env.Rng;
import io.sparkrl.rollout.env.atari.AtariEnv;
import io.sparkrl.rollout.env.atari.AtariIds;
import io.sparkrl.rollout.policy.Policy;
import java.util.Set;

/**
 * Tetris on the test ROM (Colin Hughes' 2600 homebrew, {@code ../shared/roms/tetris.bin}), read from the console's RAM:
 * for the falling piece it picks the rotation and column whose drop scores best by Yiyuan Lee's weights (aggregate
 * height, lines cleared, holes, bumpiness), then rotates (FIRE), shifts (LEFT/RIGHT) and soft-drops (DOWN) it there.
 * Every step re-reads the piece, so a move lost to sticky actions or a blocked rotation is simply tried again.
 */
public final class TetrisBot implements Bot {
    public static final String NAME = "tetris-placement";
    private static final Set<String> IDS = Set.copyOf(AtariIds.ids("Tetris"));

    @Override public String name() { return NAME; }

    @Override public Set<String> envIds() { return IDS; }

    @Override public Policy policy(Env<float[]> env) {
        if (!((Object) env.unwrapped() instanceof AtariEnv atari))
            throw new IllegalArgumentException("bot " + NAME + " reads an Atari console's RAM: " + env.spec().id() + " is not an Atari env");
        return new Player(atari);
    }

    /**
     * The RAM layout, found by matching RAM bits against the screen: the board is 22 rows (row 0 at the bottom) of 10
     * columns, one byte per row in two arrays, and holds the falling piece too; the piece's four cells are listed as a
     * row each and a column mask for each array.
     */
    static final int ROWS = 22, COLUMNS = 10;
    /** Row r's columns 0-5 are bits 5..0 of byte r; its columns 6-9 are bits 0..3 of byte {@code RIGHT_ROWS + r}. */
    private static final int LEFT_COLUMNS = 6, RIGHT_ROWS = 22;
    private static final int PIECE_CELLS = 4, PIECE_ROW = 92, PIECE_LEFT_MASK = 96, PIECE_RIGHT_MASK = 100;

    /** One env's player: reads that env's RAM each step. */
    static final class Player implements Policy {
        private final AtariEnv atari;
        private final int noop, fire, right, left, down;
        private final byte[] ram = new byte[AtariEnv.RAM_BYTES];
        private final boolean[][] board = new boolean[ROWS][COLUMNS];
        private final int[] pieceRows = new int[PIECE_CELLS], pieceColumns = new int[PIECE_CELLS];

        Player(AtariEnv atari) {
            this.atari = atari;
            var meanings = atari.actionMeanings();
            noop = meanings.indexOf("NOOP");
            fire = meanings.indexOf("FIRE");
            right = meanings.indexOf("RIGHT");
            left = meanings.indexOf("LEFT");
            down = meanings.indexOf("DOWN");
        }

        @Override public String name() { return NAME; }

        @Override public int actDiscrete(float[] obs, int off, Rng rng) {
            atari.ramInto(ram);
            if (!readPiece()) return noop; // between pieces: a line is being cleared or the next piece is not out yet
            readLockedBoard();
            Shape current = Shape.of(pieceRows, pieceColumns);
            Placement target = Placement.best(board, current);
            if (target == null) return down; // no placement fits: the game is lost whatever we do
            if (current.mask() != target.shape().mask()) return fire;
            int column = min(pieceColumns);
            return column < target.column() ? right : column > target.column() ? left : down;
        }

        /** Reads the falling piece's cells; false when there is none. */
        private boolean readPiece() {
            for (int i = 0; i < PIECE_CELLS; i++) {
                int leftMask = ram[PIECE_LEFT_MASK + i] & 0xFF, rightMask = ram[PIECE_RIGHT_MASK + i] & 0xFF;
                if (leftMask != 0) pieceColumns[i] = LEFT_COLUMNS - 1 - Integer.numberOfTrailingZeros(leftMask);
                else if (rightMask != 0) pieceColumns[i] = LEFT_COLUMNS + Integer.numberOfTrailingZeros(rightMask);
                else return false;
                pieceRows[i] = ram[PIECE_ROW + i];
            }
            return true;
        }

        /** The board without the falling piece. */
        private void readLockedBoard() {
            for (int r = 0; r < ROWS; r++)
                for (int c = 0; c < COLUMNS; c++)
                    board[r][c] = c < LEFT_COLUMNS ? (ram[r] >> (LEFT_COLUMNS - 1 - c) & 1) != 0
                            : (ram[RIGHT_ROWS + r] >> (c - LEFT_COLUMNS) & 1) != 0;
            for (int i = 0; i < PIECE_CELLS; i++)
                if (pieceRows[i] >= 0 && pieceRows[i] < ROWS) board[pieceRows[i]][pieceColumns[i]] = false;
        }
    }

    static int min(int[] values) {
        int m = Integer.MAX_VALUE;
        for (int v : values) m = Math.min(m, v);
        return m;
    }

    /**
     * A piece in one orientation, moved to its lowest row and leftmost column: cell (row dr, column dc) is bit
     * {@code dr * 4 + dc} of {@code mask}.
     */
    record Shape(int mask) {
        static Shape of(int[] rows, int[] columns) {
            int r0 = min(rows), c0 = min(columns), mask = 0;
            for (int i = 0; i < rows.length; i++) mask |= 1 << ((rows[i] - r0) * 4 + columns[i] - c0);
            return new Shape(mask);
        }

        boolean has(int dr, int dc) { return (mask >> (dr * 4 + dc) & 1) != 0; }

        int width() {
            int w = 0;
            for (int i = 0; i < 16; i++) if ((mask >> i & 1) != 0) w = Math.max(w, i % 4 + 1);
            return w;
        }

        /** The shape turned a quarter: (dr, dc) to (dc, -dr), moved back to row and column 0. */
        Shape rotated() {
            int[] rows = new int[PIECE_CELLS], columns = new int[PIECE_CELLS];
            int n = 0;
            for (int i = 0; i < 16; i++)
                if ((mask >> i & 1) != 0) {
                    rows[n] = i % 4;
                    columns[n++] = -(i / 4);
                }
            return of(rows, columns);
        }
    }

    /** Where a piece ends up: its orientation and leftmost column. */
    record Placement(Shape shape, int column) {
        // Yiyuan Lee's weights ("Tetris AI - The (Near) Perfect Bot", 2013), tuned by a genetic algorithm.
        private static final double HEIGHT = -0.510066, LINES = 0.760666, HOLES = -0.35663, BUMPINESS = -0.184483;

        /** The best placement of {@code piece} dropped straight down on {@code board}, or null when none fits. */
        static Placement best(boolean[][] board, Shape piece) {
            Placement best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            Shape shape = piece;
            for (int turn = 0; turn < 4; turn++, shape = shape.rotated()) {
                if (turn > 0 && shape.equals(piece)) break; // a symmetric piece repeats its first orientation
                for (int column = 0; column + shape.width() <= COLUMNS; column++) {
                    double score = score(board, shape, column);
                    if (score > bestScore) {
                        bestScore = score;
                        best = new Placement(shape, column);
                    }
                }
            }
            return best;
        }

        /** The weighted score of the board after the drop; minus infinity when the piece does not fit below the top. */
        private static double score(boolean[][] board, Shape shape, int column) {
            int[] heights = heights(board);
            int base = 0;
            for (int dc = 0; dc < 4; dc++)
                for (int dr = 0; dr < 4; dr++)
                    if (shape.has(dr, dc)) {
                        base = Math.max(base, heights[column + dc] - dr);
                        break;
                    }
            boolean[][] after = new boolean[ROWS][];
            for (int r = 0; r < ROWS; r++) after[r] = board[r].clone();
            for (int dr = 0; dr < 4; dr++)
                for (int dc = 0; dc < 4; dc++)
                    if (shape.has(dr, dc)) {
                        if (base + dr >= ROWS) return Double.NEGATIVE_INFINITY;
                        after[base + dr][column + dc] = true;
                    }
            int lines = 0;
            for (int r = ROWS - 1; r >= 0; r--) {
                boolean full = true;
                for (boolean cell : after[r]) full &= cell;
                if (!full) continue;
                lines++;
                System.arraycopy(after, r + 1, after, r, ROWS - r - 1);
                after[ROWS - 1] = new boolean[COLUMNS];
            }
            int[] h = heights(after);
            int aggregate = 0, bumpiness = 0, holes = 0;
            for (int c = 0; c < COLUMNS; c++) {
                aggregate += h[c];
                if (c > 0) bumpiness += Math.abs(h[c] - h[c - 1]);
                for (int r = 0; r < h[c]; r++) if (!after[r][c]) holes++;
            }
            return HEIGHT * aggregate + LINES * lines + HOLES * holes + BUMPINESS * bumpiness;
        }

        /** Each column's height: one above its highest filled cell. */
        private static int[] heights(boolean[][] board) {
            int[] heights = new int[COLUMNS];
            for (int c = 0; c < COLUMNS; c++)
                for (int r = ROWS - 1; r >= 0; r--)
                    if (board[r][c]) {
                        heights[c] = r + 1;
                        break;
                    }
            return heights;
        }
    }
}
