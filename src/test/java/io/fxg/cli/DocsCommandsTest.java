package io.fxg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fxg.testkit.CommandProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command the README and {@code docs/} mark runnable works as written. A fenced {@code sh}
 * block right after a {@code <!-- runnable -->} comment runs (bash, {@code -e -o pipefail}) in a
 * directory laid out like the repository's root ({@code scripts/fxg}, the demo's {@code ./data}),
 * against {@code scripts/fxg demo} started there on free ports ({@code http://127.0.0.1:8080} in a
 * block is rewritten to the node's address, and {@code FXG_GATEWAY} names it); blocks after
 * {@code <!-- runnable: after the demo stops -->} run once it stopped (the embedded H2 journal
 * admits one process). Each must exit 0. Commands that need a cluster, PostgreSQL or minutes are
 * shown unmarked. The demo's own terminal lines are checked too: its start line first, then the
 * summary and outcome lines, and no framework INFO.
 */
class DocsCommandsTest {
  static final String RUNNABLE = "<!-- runnable -->";
  static final String AFTER_STOP = "<!-- runnable: after the demo stops -->";
  private static final Pattern BLOCK = Pattern.compile("(<!-- runnable(?:: after the demo stops)? -->)\\s*\\n```sh\\n(.*?)\\n```",
      Pattern.DOTALL);
  private static final Duration BLOCK_LIMIT = Duration.ofSeconds(60);

  /** A marked block: where it is, whether it runs after the demo stopped, and its text. */
  record Block(String where, boolean afterStop, String text) {}

  @Test
  void runnableBlocks_inTheReadmeAndDocs_runAgainstADemoNode(@TempDir Path root) throws IOException {
    List<Block> blocks = blocks();
    assertTrue(blocks.size() >= 5, "the README's tour marks its five steps runnable: " + blocks);
    CommandProcess.shim(root);
    int http = CommandProcess.freePort();
    String url = "http://127.0.0.1:" + http;
    Map<String, String> env = Map.of("FXG_HTTP_PORT", Integer.toString(http),
        "FXG_CLUSTER_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_DEMO_TARGET_PORT", Integer.toString(CommandProcess.freePort()),
        "FXG_DEMO_TOOLS_PORT", Integer.toString(CommandProcess.freePort()), "FXG_GATEWAY", url);
    try (CommandProcess demo = CommandProcess.start(List.of(root.resolve("scripts/fxg").toString(), "demo"), root, env)) {
      demo.awaitLine("Stop with Ctrl-C.", Duration.ofSeconds(180));
      for (Block block : blocks) {
        if (!block.afterStop()) {
          run(block, root, env, url);
        }
      }
      demo.awaitLine("[demo] ", Duration.ofSeconds(30));
      demo.stop(Duration.ofSeconds(60));
      List<String> printed = demo.printed();
      assertTrue(printed.get(0).startsWith("fxg demo: starting a node"), demo.output());
      assertTrue(printed.stream().anyMatch(l -> l.startsWith("fxg demo is running")), demo.output());
      for (String line : printed) {
        assertFalse(CommandProcess.FRAMEWORK_LINE.matcher(line).matches(), "not the demo's own: " + line + "\n" + demo.output());
      }
      assertTrue(Files.readString(root.resolve("data/logs/fxg.log")).contains("Cluster Node"), "the framework log");
    }
    for (Block block : blocks) {
      if (block.afterStop()) {
        run(block, root, env, url);
      }
    }
  }

  private static void run(Block block, Path root, Map<String, String> env, String url) {
    String script = block.text().replace("http://127.0.0.1:8080", url);
    CommandProcess shell = CommandProcess.run(List.of("bash", "-e", "-o", "pipefail", "-c", script), root, env, BLOCK_LIMIT);
    assertEquals(0, shell.exitCode(), block.where() + " failed:\n" + script + "\n--- output:\n" + shell.output());
  }

  /** The marked blocks of README.md and docs/*.md, in reading order. */
  static List<Block> blocks() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<Block> blocks = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher matcher = BLOCK.matcher(text);
      while (matcher.find()) {
        int line = (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
        blocks.add(new Block(file + ":" + line, matcher.group(1).equals(AFTER_STOP), matcher.group(2)));
      }
      long markers = text.lines().filter(l -> l.trim().startsWith("<!-- runnable")).count();
      assertEquals(markers, blocks.stream().filter(b -> b.where().startsWith(file + ":")).count(),
          file + ": a runnable marker must be followed by a ```sh block");
    }
    return blocks;
  }
}
