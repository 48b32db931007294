package io.traverse.testbed;

/** {@code @WithTestResource(TraverseTestbedWithVcsim.class)}: {@link TraverseTestbed} plus vcsim. */
public class TraverseTestbedWithVcsim extends TraverseTestbed {

    public TraverseTestbedWithVcsim() {
        super(true);
    }
}
