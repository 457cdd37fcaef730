package dev.krt.kernel.source;

import java.util.regex.Pattern;

/**
 * Path globs over kernel-relative paths: {@code *} and {@code ?} within a component, {@code **}
 * across.
 */
public final class Glob {
  private final Pattern pattern;
  private final String literalPrefix;

  private Glob(String glob) {
    StringBuilder re = new StringBuilder();
    int firstWild = -1;
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?' || c == '[') {
        if (firstWild < 0) {
          firstWild = i;
        }
      }
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          i++;
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
            i++;
            re.append("(?:.*/)?");
          } else {
            re.append(".*");
          }
        } else {
          re.append("[^/]*");
        }
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    this.pattern = Pattern.compile(re.toString());
    String lit = firstWild < 0 ? glob : glob.substring(0, firstWild);
    int slash = lit.lastIndexOf('/');
    this.literalPrefix = firstWild < 0 ? glob : (slash < 0 ? "" : lit.substring(0, slash + 1));
  }

  public static Glob of(String glob) {
    return new Glob(glob);
  }

  public boolean matches(String path) {
    return pattern.matcher(path).matches();
  }

  /**
   * The directory part before the first wildcard ({@code rust/} for {@code rust/**}); may be empty.
   */
  public String literalPrefix() {
    return literalPrefix;
  }
}
