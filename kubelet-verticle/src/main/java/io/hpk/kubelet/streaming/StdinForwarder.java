package io.hpk.kubelet.streaming;

/** Client input into a process, pausing the client while too much is waiting to be written. */
final class StdinForwarder {

  private static final long PAUSE_ABOVE = 1 << 20;
  private static final long RESUME_BELOW = 256 << 10;

  private StdinForwarder() {}

  static void connect(RemoteCommandChannels channels, ContainerProcess process) {
    boolean[] paused = {false};
    channels.stdinHandler(
        data -> {
          process
              .write(data)
              .onComplete(
                  written -> {
                    if (paused[0] && process.pendingInput() < RESUME_BELOW) {
                      paused[0] = false;
                      channels.resumeInput();
                    }
                  });
          if (!paused[0] && process.pendingInput() > PAUSE_ABOVE) {
            paused[0] = true;
            channels.pauseInput();
          }
        },
        end -> process.closeStdin());
  }
}
