package io.fxg.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code jdbc:h2:unwritable:/path/db}) over the disk whose writes can be made to
 * fail, as on a full, read-only or failing disk: while {@link #fail(boolean) failing}, every write,
 * force and truncate of the database's files throws {@link IOException}; reads go on. Lets a test
 * make an embedded H2 journal unwritable in-process (a chmod does not stop a process that already
 * holds the file open, nor root).
 */
public final class UnwritableFiles extends FilePathWrapper {
  public static final String SCHEME = "unwritable";
  private static volatile boolean failing;

  static {
    FilePath.register(new UnwritableFiles());
  }

  /** Registers the scheme with H2 (idempotent); call before the first connection. */
  public static void install() {
    // the static initializer registered it
  }

  public static void fail(boolean on) {
    failing = on;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileChannel open(String mode) throws IOException {
    return new Channel(getBase().open(mode));
  }

  private static void check() throws IOException {
    if (failing) {
      throw new IOException("test fault: the journal's disk refuses writes");
    }
  }

  private static final class Channel extends FileBase {
    private final FileChannel base;

    Channel(FileChannel base) {
      this.base = base;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return base.read(dst);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return base.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      check();
      return base.write(src);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      check();
      return base.write(src, position);
    }

    @Override
    public long position() throws IOException {
      return base.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      base.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return base.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      check();
      base.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      check();
      base.force(metaData);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return base.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      base.close();
    }
  }
}
