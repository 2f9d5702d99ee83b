package dev.wsclient.bridge.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tracks every Netty buffer allocated while the tests of the annotated class run, rather
 * than a sample of them ({@link NettyLeaks}): for the tests of the attacks, where a
 * buffer released twice or never is most likely.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ParanoidLeakDetection {

}
