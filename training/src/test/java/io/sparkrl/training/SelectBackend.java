package io.sparkrl.training;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Chooses ND4J's native build for this CPU before any test loads ND4J, as the CLI does (registered in META-INF/services). */
public final class SelectBackend implements LauncherSessionListener {
    @Override public void launcherSessionOpened(LauncherSession session) { Backend.select(); }
}
