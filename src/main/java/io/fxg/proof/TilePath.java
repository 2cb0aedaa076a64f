package io.fxg.proof;

import io.fxg.proof.ProofVerificationException.Reason;

/**
 * The coordinates of a C2SP {@code tlog-tiles} resource: a hash tile {@code tile/<L>/<N>[.p/<W>]}
 * or an entry bundle {@code tile/entries/<N>[.p/<W>]}. Tiles are 8 levels high, so a full tile is
 * 256 hashes (or entries) wide; a partial one has width 1..255. {@code N} is written in 3-digit
 * groups, all but the last prefixed {@code x} (1234067 is {@code x001/x234/067}).
 *
 * @param entries true for an entry bundle, whose level is always 0
 * @param level the tile level {@code L} (0..63); tile hashes sit at Merkle level {@code 8 * L}
 * @param index the tile index {@code N} within its level
 * @param width the number of hashes or entries, 256 for a full tile
 */
public record TilePath(boolean entries, int level, long index, int width) {
  /** Merkle levels per tile. */
  public static final int HEIGHT = 8;
  /** Hashes (or entries) in a full tile. */
  public static final int FULL_WIDTH = 1 << HEIGHT;
  /** Highest tile level the spec allows. */
  public static final int MAX_LEVEL = 63;
  private static final int MAX_PATH_CHARS = 128;

  public TilePath {
    if (level < 0 || level > MAX_LEVEL || (entries && level != 0)) {
      throw new IllegalArgumentException("tile level must be 0..63, and 0 for entries");
    }
    if (index < 0) {
      throw new IllegalArgumentException("tile index must not be negative");
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw new IllegalArgumentException("tile width must be 1..256");
    }
  }

  /** The hash tile at {@code level}, {@code index}, {@code width}. */
  public static TilePath hashes(int level, long index, int width) {
    return new TilePath(false, level, index, width);
  }

  /** The entry bundle {@code index} of {@code width} entries. */
  public static TilePath entries(long index, int width) {
    return new TilePath(true, 0, index, width);
  }

  public boolean isPartial() {
    return width < FULL_WIDTH;
  }

  /** Whether a tree of {@code treeSize} leaves holds every hash (or entry) of this tile. */
  public boolean coveredBy(long treeSize) {
    long available = Tiles.shiftRight(treeSize, HEIGHT * level);
    return available >= width && index <= (available - width) / FULL_WIDTH;
  }

  /** The relative URL path, e.g. {@code tile/0/x001/x234/067.p/8}. */
  public String path() {
    StringBuilder path = new StringBuilder("tile/").append(entries ? "entries" : level).append('/');
    long rest = index / 1000;
    StringBuilder groups = new StringBuilder(String.format("%03d", index % 1000));
    for (; rest > 0; rest /= 1000) {
      groups.insert(0, String.format("x%03d/", rest % 1000));
    }
    path.append(groups);
    if (isPartial()) {
      path.append(".p/").append(width);
    }
    return path.toString();
  }

  /** Parses a tile path, refusing anything that {@link #path()} would not write exactly. */
  public static TilePath parse(String path) throws ProofVerificationException {
    if (path == null || path.length() > MAX_PATH_CHARS || !path.startsWith("tile/")) {
      throw malformed(path, "must start with tile/");
    }
    String base = path;
    int width = FULL_WIDTH;
    int partial = path.indexOf(".p/");
    if (partial >= 0) {
      String w = path.substring(partial + 3);
      if (!w.matches("[1-9][0-9]{0,2}") || Integer.parseInt(w) >= FULL_WIDTH) {
        throw malformed(path, "partial width must be 1..255 without leading zeros");
      }
      width = Integer.parseInt(w);
      base = path.substring(0, partial);
    }
    String[] parts = base.split("/", -1);
    if (parts.length < 3) {
      throw malformed(path, "expected tile/<L>/<N>");
    }
    boolean entries = parts[1].equals("entries");
    if (!entries && (!parts[1].matches("0|[1-9][0-9]?") || Integer.parseInt(parts[1]) > MAX_LEVEL)) {
      throw malformed(path, "level must be 0..63 without leading zeros, or entries");
    }
    long index = 0;
    try {
      for (int i = 2; i < parts.length; i++) {
        boolean last = i == parts.length - 1;
        String group = parts[i];
        if (!group.matches(last ? "[0-9]{3}" : "x[0-9]{3}")) {
          throw malformed(path, "index groups must be xNNN/.../NNN");
        }
        index = Math.addExact(Math.multiplyExact(index, 1000), Long.parseLong(group.substring(last ? 0 : 1)));
      }
    } catch (ArithmeticException e) {
      throw new ProofVerificationException(Reason.MALFORMED, "tile path " + path + ": index too large", e);
    }
    TilePath tile = new TilePath(entries, entries ? 0 : Integer.parseInt(parts[1]), index, width);
    if (!tile.path().equals(path)) {
      throw malformed(path, "not canonical, expected " + tile.path());
    }
    return tile;
  }

  private static ProofVerificationException malformed(String path, String detail) {
    return new ProofVerificationException(Reason.MALFORMED, "tile path " + path + ": " + detail);
  }

  @Override
  public String toString() {
    return path();
  }
}
