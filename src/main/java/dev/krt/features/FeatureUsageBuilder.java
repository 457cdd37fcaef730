package dev.krt.features;

import java.util.ArrayList;
import java.util.List;

/** Collects a {@link FeatureUsage} as a scan (or the scan cache) goes. */
final class FeatureUsageBuilder {
  final List<FeatureUsage.Feature> features = new ArrayList<>();
  final List<FeatureUsage.ZFlag> zflags = new ArrayList<>();
  final List<FeatureUsage.VersionGate> gates = new ArrayList<>();
  final List<FeatureUsage.SymbolUse> uses = new ArrayList<>();
  final List<String> problems = new ArrayList<>();

  void feature(FeatureUsage.Feature f) {
    features.add(f);
  }

  void zflag(FeatureUsage.ZFlag z) {
    zflags.add(z);
  }

  void gate(FeatureUsage.VersionGate g) {
    gates.add(g);
  }

  void symbolUse(FeatureUsage.SymbolUse u) {
    uses.add(u);
  }

  void problem(String p) {
    problems.add(p);
  }

  FeatureUsage build() {
    return new FeatureUsage(
        List.copyOf(features),
        List.copyOf(zflags),
        List.copyOf(gates),
        List.copyOf(uses),
        List.copyOf(problems));
  }
}
