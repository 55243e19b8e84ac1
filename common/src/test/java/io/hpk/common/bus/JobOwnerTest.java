package io.hpk.common.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobOwnerTest {

  private static final JobOwner OWNER =
      new JobOwner("6f1c2d3e-0000-4000-8000-000000000001", "hpk-kubelet");
  private static final JobOwner LEGACY = new JobOwner("", "");
  private static final String POD = "0123abcd-4567-89ef-0123-456789abcdef";

  /** A job's comment gives back its owner and pod; HPK's old bare-UID comments the legacy owner. */
  @Test
  void commentsNameOwnerAndPod() {
    assertThat(JobOwner.parse(OWNER.comment(POD), LEGACY))
        .contains(new JobOwner.OwnedJob(OWNER, POD));
    assertThat(JobOwner.parse(POD, LEGACY)).contains(new JobOwner.OwnedJob(LEGACY, POD));
  }

  /** Comments HPK did not write belong to nobody, so no HPK ever touches those jobs. */
  @Test
  void otherCommentsAreNobodys() {
    assertThat(JobOwner.parse("", LEGACY)).isEmpty();
    assertThat(JobOwner.parse("(null)", LEGACY)).isEmpty();
    assertThat(JobOwner.parse("my analysis run", LEGACY)).isEmpty();
    assertThat(JobOwner.parse("hpk/x y/node/" + POD, LEGACY)).isEmpty();
  }

  /** A gang's job names all its pods; each of them adopts it after a restart. */
  @Test
  void aGangsCommentNamesEveryPod() {
    String other = "0123abcd-4567-89ef-0123-456789abcd01";
    String comment = OWNER.comment(java.util.List.of(POD, other));

    assertThat(comment).isEqualTo(OWNER.comment(POD) + "+" + other);
    assertThat(JobOwner.parseAll(comment, LEGACY))
        .containsExactly(new JobOwner.OwnedJob(OWNER, POD), new JobOwner.OwnedJob(OWNER, other));
    assertThat(JobOwner.parseAll(comment + "+", LEGACY)).isEmpty();
  }
}
