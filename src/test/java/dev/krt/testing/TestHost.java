package dev.krt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test host on this machine: a network namespace joined to the root one by a veth pair ({@code
 * 10.231.N.1} outside, {@code 10.231.N.2} inside), made by the test and removed after it. What runs
 * in it reaches the outside only through the pair; {@link #relay} lets it reach a server that
 * listens on the machine's loopback (PostgreSQL), through the outside address.
 */
public final class TestHost implements AutoCloseable {
  private final String ns;
  private final String veth;
  private final String outside;
  private final String inside;
  private final List<Relay> relays = new ArrayList<>();

  private TestHost(String ns, String veth, String outside, String inside) {
    this.ns = ns;
    this.veth = veth;
    this.outside = outside;
    this.inside = inside;
  }

  /**
   * Makes host {@code n} (1 to 9) of this test process (namespace {@code krt-PID-N}); hosts left by
   * test processes that were killed before they could remove theirs go first.
   */
  public static TestHost create(int n) {
    removeLeftovers();
    String tag = Long.toString(ProcessHandle.current().pid());
    String ns = "krt-" + tag + "-" + n;
    if (n < 1 || n > 9) {
      throw new IllegalArgumentException("host numbers are 1 to 9");
    }
    String veth = "kv" + tag + n; // at most 2 + 7 + 1 + 1 characters of Linux's 15
    ip(false, "netns", "del", ns);
    ip(false, "link", "del", veth + "o");
    String out = "10.231." + n + ".1";
    String in = "10.231." + n + ".2";
    ip(true, "netns", "add", ns);
    ip(true, "link", "add", veth + "o", "type", "veth", "peer", "name", veth + "i");
    ip(true, "link", "set", veth + "i", "netns", ns);
    ip(true, "addr", "add", out + "/30", "dev", veth + "o");
    ip(true, "link", "set", veth + "o", "up");
    ip(true, "netns", "exec", ns, "ip", "addr", "add", in + "/30", "dev", veth + "i");
    ip(true, "netns", "exec", ns, "ip", "link", "set", veth + "i", "up");
    ip(true, "netns", "exec", ns, "ip", "link", "set", "lo", "up");
    return new TestHost(ns, veth, out, in);
  }

  private static void removeLeftovers() {
    for (String l : ip(false, "netns", "list").lines().toList()) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^krt-(\\d+)-\\d+\\b").matcher(l);
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        ip(false, "netns", "del", l.split(" ")[0]);
      }
    }
    // A namespace that outlived its processes can leave the outside end of its pair behind.
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(" (kv(\\d+)\\do)@").matcher(ip(false, "-o", "link"));
    while (m.find()) {
      if (ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
        ip(false, "link", "del", m.group(1));
      }
    }
  }

  /** The address the host reaches the machine by. */
  public String outside() {
    return outside;
  }

  /** The host's own address. */
  public String inside() {
    return inside;
  }

  /** A command line that runs {@code argv} on this host. */
  public List<String> exec(List<String> argv) {
    List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    out.addAll(argv);
    return out;
  }

  /**
   * Relays connections to {@link #outside()}:PORT to {@code 127.0.0.1:target}; the port it took.
   * Each connection is relayed byte for byte, both ways, until either side closes.
   */
  public int relay(int target) throws IOException {
    Relay r = new Relay(outside, target);
    relays.add(r);
    return r.port();
  }

  @Override
  public void close() {
    relays.forEach(Relay::close);
    ip(false, "netns", "del", ns); // the pair goes with it, once nothing runs in the namespace
    ip(false, "link", "del", veth + "o");
  }

  /** Runs {@code ip ARGS}; its output. */
  private static String ip(boolean mustWork, String... args) {
    List<String> argv = new ArrayList<>(List.of("ip"));
    argv.addAll(List.of(args));
    RealProcess.Result r =
        RealProcess.run(
            argv,
            Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
            null,
            null,
            Duration.ofSeconds(30));
    if (mustWork && r.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + ": " + r.err().strip());
    }
    return r.out();
  }

  /** One listening socket and the connections it relays. */
  private static final class Relay {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    Relay(String address, int target) throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      Thread accept =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket in = server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(in);
                    open.add(out);
                    pump(in, out);
                    pump(out, in);
                  } catch (IOException e) {
                    // closed, or the target is down: the client sees its connection fail
                  }
                }
              },
              "relay-" + address);
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void pump(Socket from, Socket to) {
      Thread t =
          new Thread(
              () -> {
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  in.transferTo(out);
                } catch (IOException e) {
                  // one side went away
                } finally {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              },
              "relay-pump");
      t.setDaemon(true);
      t.start();
    }

    private void closeQuietly(Socket s) {
      open.remove(s);
      try {
        s.close();
      } catch (IOException e) {
        // already closed
      }
    }

    void close() {
      try {
        server.close();
      } catch (IOException e) {
        // already closed
      }
      open.forEach(this::closeQuietly);
    }
  }
}
