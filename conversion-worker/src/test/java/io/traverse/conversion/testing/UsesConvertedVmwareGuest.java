package io.traverse.conversion.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test that calls {@link ConvertedVmwareGuest#get()}: when one is in the run, {@link ConvertEarly} starts the conversion at once. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UsesConvertedVmwareGuest {
}
