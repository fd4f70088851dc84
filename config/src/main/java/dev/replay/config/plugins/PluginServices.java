package dev.replay.config.plugins;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Instantiates the classes a plugin jar lists in {@code META-INF/services}, as ServiceLoader would, with errors naming the jar. */
final class PluginServices {

    private final PluginJar jar;
    private final ClassLoader loader;

    PluginServices(PluginJar jar, ClassLoader loader) {
        this.jar = jar;
        this.loader = loader;
    }

    /** @throws PluginLoadException naming the jar, the service entry and what is wrong with its class */
    <T> T instantiate(String className, Class<T> service) {
        String entry = "its META-INF/services/" + service.getName() + " names " + className;
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginLoadException(jar.path(), entry + ", a class that cannot be found or linked: " + e, e);
        }
        if (!service.isAssignableFrom(type)) {
            throw new PluginLoadException(jar.path(), entry + ", which does not implement " + service.getName());
        }
        return service.cast(newInstance(type, entry));
    }

    private Object newInstance(Class<?> type, String entry) {
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new PluginLoadException(jar.path(), entry + ", which has no public no-argument constructor", e);
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginLoadException(jar.path(), entry + ", which is not a public concrete class");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new PluginLoadException(jar.path(), entry + ", whose constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginLoadException(jar.path(), entry + ", which cannot be instantiated: " + e, e);
        }
    }
}
