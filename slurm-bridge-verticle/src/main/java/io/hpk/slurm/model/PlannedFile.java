package io.hpk.slurm.model;

/** A file the bridge writes below the pod directory before submitting the job. */
public record PlannedFile(String relativePath, byte[] content, int mode) {}
