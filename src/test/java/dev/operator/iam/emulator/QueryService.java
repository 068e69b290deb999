package dev.operator.iam.emulator;

import java.util.function.Consumer;

/** One awsQuery API (IAM or STS): its XML namespace and its actions. */
interface QueryService {

    String namespace();

    /**
     * Executes the request's action, committing any state change before returning.
     *
     * @return a writer for the contents of the {@code <ActionResult>} element, rendering only state
     *     captured during execution; {@code null} for actions whose response has no result element
     * @throws ServiceError when AWS would answer with an error
     */
    Consumer<Xml> execute(QueryRequest request);
}
