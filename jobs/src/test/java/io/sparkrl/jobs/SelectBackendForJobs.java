package io.sparkrl.jobs;

import io.sparkrl.training.Backend;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** The CLI's choice of ND4J build ({@link Backend#select}) before any job test loads ND4J (META-INF/services). */
public final class SelectBackendForJobs implements LauncherSessionListener {
    @Override public void launcherSessionOpened(LauncherSession session) { Backend.select(); }
}
