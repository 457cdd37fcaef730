package dev.krt.matrix;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A matrix as a file without a preset: what {@code krt matrix run --dry-run} prints. Reading it
 * back gives the same matrix (the same cells, steps and keys), so the output can be saved and
 * edited.
 */
public final class MatrixSpecWriter {
  private MatrixSpecWriter() {}

  public static String yaml(MatrixSpec spec) {
    Map<String, Object> top = new LinkedHashMap<>();
    top.put("format", 1);
    List<Object> kernels = new ArrayList<>();
    for (MatrixSpec.KernelRef k : spec.kernels()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", k.name());
      m.put("source", k.source());
      if (!k.before().isEmpty()) {
        m.put("before", new ArrayList<>(k.before()));
      }
      kernels.add(m);
    }
    top.put("kernels", kernels);
    spec.toolchainsFile().ifPresent(f -> top.put("toolchains-file", f.toString()));
    List<Object> toolchains = new ArrayList<>();
    for (MatrixSpec.ToolchainRef t : spec.toolchains()) {
      if (!t.explicit() && t.env().isEmpty() && t.before().isEmpty()) {
        toolchains.add(t.name());
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", t.name());
      m.putAll(t.programs());
      if (!t.env().isEmpty()) {
        m.put("env", new LinkedHashMap<>(t.env()));
      }
      if (!t.before().isEmpty()) {
        m.put("before", new ArrayList<>(t.before()));
      }
      toolchains.add(m);
    }
    top.put("toolchains", toolchains);
    top.put("arches", new ArrayList<>(spec.arches()));
    List<Object> configs = new ArrayList<>();
    for (MatrixSpec.ConfigSpec c : spec.configs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("base", c.base());
      if (!c.fragments().isEmpty()) {
        m.put("fragments", new ArrayList<>(c.fragments()));
      }
      configs.add(m);
    }
    top.put("configs", configs);
    List<Object> steps = new ArrayList<>();
    for (MatrixSpec.StepSpec s : spec.steps()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      // A step of a kind of its own is the built-in of that name; a make step says its targets.
      if (s.kind().equals("make")) {
        m.put("targets", new ArrayList<>(s.targets()));
      }
      if (!s.makeVariables().isEmpty()) {
        m.put("make", new LinkedHashMap<>(s.makeVariables()));
      }
      if (s.ifPresent()) {
        m.put("if-present", true);
      }
      if (!s.kunitconfig().isEmpty()) {
        m.put("kunitconfig", new ArrayList<>(s.kunitconfig()));
      }
      m.put("timeout", CellRunner.human(s.timeout()));
      steps.add(m);
    }
    top.put("steps", steps);
    top.put("jobs", spec.jobs());
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    o.setWidth(120);
    // Each list is a copy: shared ones (a preset's objects, built twice) would become YAML aliases.
    return new Yaml(o).dump(top);
  }
}
