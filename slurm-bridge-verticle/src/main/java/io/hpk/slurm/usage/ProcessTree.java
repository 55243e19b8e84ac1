package io.hpk.slurm.usage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The machine's processes by parent, from one pass over {@code /proc}. */
final class ProcessTree {

  private final Map<Integer, ProcessSample> byPid = new HashMap<>();
  private final Map<Integer, List<ProcessSample>> children = new HashMap<>();

  ProcessTree(Collection<ProcessSample> processes) {
    for (ProcessSample p : processes) {
      byPid.put(p.pid(), p);
      children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p);
    }
  }

  ProcessSample get(int pid) {
    return byPid.get(pid);
  }

  /** The process and all its descendants; empty when it does not exist. */
  List<ProcessSample> subtree(int root) {
    List<ProcessSample> out = new ArrayList<>();
    ProcessSample first = byPid.get(root);
    if (first == null) {
      return out;
    }
    Deque<ProcessSample> todo = new ArrayDeque<>();
    todo.push(first);
    while (!todo.isEmpty()) {
      ProcessSample p = todo.pop();
      out.add(p);
      children.getOrDefault(p.pid(), List.of()).forEach(todo::push);
    }
    return out;
  }

  /**
   * CPU ticks of a process tree: what each live process used plus what it collected from children
   * it waited for, so the sum only grows while the tree's root lives.
   */
  static long cpuTicks(List<ProcessSample> tree) {
    return tree.stream().mapToLong(ProcessSample::cpuTicks).sum();
  }
}
