package io.sparkrl.rollout;

import java.lang.reflect.InvocationTargetException;
import java.util.function.Function;

/** Instances of classes a user names on the command line (their own network, bot...), with one-line errors. */
public final class UserClasses {
    private UserClasses() {}

    /**
     * A new {@code type} from {@code className}'s public no-argument constructor, loaded through the thread's context
     * class loader. Errors name it as {@code what className} and are made by {@code error}.
     */
    public static <T> T newInstance(Class<T> type, String className, String what,
                                    Function<String, ? extends RuntimeException> error) {
        Class<?> loaded;
        try {
            loaded = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw error.apply(what + " " + className + " is not on the classpath: add its jar (SPARKRL_CLASSPATH, "
                    + "or --jars with spark-submit) or fix the class name");
        }
        if (!type.isAssignableFrom(loaded))
            throw error.apply(what + " " + className + " does not implement " + type.getName());
        try {
            return type.cast(loaded.getConstructor().newInstance());
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw error.apply(what + " " + className + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw error.apply(what + " " + className + " failed to construct: " + e.getCause());
        }
    }
}
