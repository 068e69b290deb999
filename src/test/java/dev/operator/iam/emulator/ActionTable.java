package dev.operator.iam.emulator;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A group of IAM actions: action name to handler. A handler executes the request (committing any
 * change) and returns the writer of its {@code <ActionResult>} contents, or {@code null}.
 */
interface ActionTable {

    Map<String, Function<QueryRequest, Consumer<Xml>>> actions();
}
