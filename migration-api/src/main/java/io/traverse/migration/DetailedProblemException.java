package io.traverse.migration;

import io.traverse.support.rest.Problem;
import io.traverse.support.rest.ProblemException;

/**
 * A refusal with a full problem document (field errors, findings) rather than only a message; rendered as
 * {@code application/problem+json} by service-support's mapper, with {@code extra} as additional members.
 */
public class DetailedProblemException extends ProblemException {

    private final Problem problem;
    private final Object extra;

    public DetailedProblemException(Problem problem) {
        this(problem, null);
    }

    public DetailedProblemException(Problem problem, Object extra) {
        super(problem.type(), problem.title(), problem.status(), problem.detail());
        this.problem = problem;
        this.extra = extra;
    }

    @Override
    public Problem toProblem() {
        return problem;
    }

    /** Additional members of the problem document (e.g. the preflight findings), or null. */
    public Object extra() {
        return extra;
    }
}
