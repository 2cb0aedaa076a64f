package io.fxg.proof;

import static io.fxg.proof.SignedNoteTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.proof.ProofVerificationException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** C2SP tlog-tiles paths: the spec's examples, round trips and non-canonical spellings. */
class TilePathTest {

  @Test
  void path_specExamples_areWrittenExactly() {
    assertEquals("tile/0/x001/x234/067", TilePath.hashes(0, 1234067, 256).path());
    assertEquals("tile/1/x001/x234/067.p/8", TilePath.hashes(1, 1234067, 8).path());
    assertEquals("tile/0/000", TilePath.hashes(0, 0, 256).path());
    assertEquals("tile/63/x001/000.p/255", TilePath.hashes(63, 1000, 255).path());
    assertEquals("tile/entries/005", TilePath.entries(5, 256).path());
    assertEquals("tile/entries/x001/000.p/3", TilePath.entries(1000, 3).path());
    assertEquals("tile/0/x009/x223/x372/x036/x854/x775/807",
        TilePath.hashes(0, Long.MAX_VALUE, 256).path());
  }

  @Test
  void parse_randomTiles_roundTrip() throws Exception {
    Random random = new Random(6962);
    for (int i = 0; i < 2000; i++) {
      boolean entries = random.nextBoolean();
      long index = (random.nextLong() >>> 1) >>> random.nextInt(63);
      int width = 1 + random.nextInt(256);
      TilePath tile = new TilePath(entries, entries ? 0 : random.nextInt(64), index, width);
      assertEquals(tile, TilePath.parse(tile.path()));
    }
  }

  @Test
  void parse_malformedOrNonCanonical_isRefused() {
    List<String> bad = List.of(
        "tile/0/x000/067", "tile/0/67", "tile/0/0067", "tile/00/000", "tile/64/000", "tile/-1/000",
        "tile/0/001.p/0", "tile/0/001.p/256", "tile/0/001.p/08", "tile/0/001.p/", "tile/0/x001",
        "tile/0/001/002", "tile/data/000", "tile/entries/000.p/5/x", "tile//000", "tile/0/",
        "tiles/0/000", "tile/0/000/", "/tile/0/000", "tile/0/x001/x234/067.p/8.p/8",
        "tile/entries/x001/000.p/256", "tile/0/x999/x999/x999/x999/x999/x999/x999/999",
        "tile/0/x010/x000/x000/x000/x000/x000/000", "tile/1/abc", "tile/0/٠٠٠");
    for (String path : bad) {
      expect(Reason.MALFORMED, () -> TilePath.parse(path));
    }
  }

  @Test
  void tileAt_specSize70000_hasTheListedTiles() {
    long size = 70_000;
    assertEquals(Optional.of(TilePath.hashes(0, 272, 256)), Tiles.tileAt(0, 272, size));
    assertEquals(Optional.of(TilePath.hashes(0, 273, 112)), Tiles.tileAt(0, 273, size));
    assertEquals(Optional.empty(), Tiles.tileAt(0, 274, size));
    assertEquals(Optional.of(TilePath.hashes(1, 0, 256)), Tiles.tileAt(1, 0, size));
    assertEquals(Optional.of(TilePath.hashes(1, 1, 17)), Tiles.tileAt(1, 1, size));
    assertEquals(Optional.of(TilePath.hashes(2, 0, 1)), Tiles.tileAt(2, 0, size));
    assertEquals(Optional.empty(), Tiles.tileAt(3, 0, size));
    assertEquals(Optional.of(TilePath.hashes(1, 0, 1)), Tiles.tileAt(1, 0, 256));
  }

  @Test
  void coveredBy_sizes_matchTheHashesAvailable() {
    assertTrue(TilePath.hashes(0, 273, 112).coveredBy(70_000));
    assertFalse(TilePath.hashes(0, 273, 113).coveredBy(70_000));
    assertTrue(TilePath.hashes(0, 273, 100).coveredBy(70_000));
    assertTrue(TilePath.hashes(2, 0, 1).coveredBy(65_536));
    assertFalse(TilePath.hashes(2, 0, 1).coveredBy(65_535));
    assertFalse(TilePath.hashes(63, 0, 1).coveredBy(Long.MAX_VALUE));
    assertFalse(TilePath.hashes(0, Long.MAX_VALUE, 256).coveredBy(Long.MAX_VALUE));
  }
}
