package dev.krt.app;

import dev.krt.kernel.KernelTree;
import dev.krt.knowledge.KnownRow;
import java.util.Optional;

/**
 * A kernel the user named (or krt chose): the tree; when the user named none, how krt chose it; and
 * for a real tree, how it stands to krt's row for its stable line.
 */
public record ResolvedKernel(KernelTree tree, String note, Optional<KnownRow> knownRow) {}
