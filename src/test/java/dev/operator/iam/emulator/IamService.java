package dev.operator.iam.emulator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/** The IAM API: the actions of several {@link ActionTable}s behind one namespace. */
final class IamService implements QueryService {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final Map<String, Function<QueryRequest, Consumer<Xml>>> actions = new HashMap<>();

    IamService(List<ActionTable> tables) {
        for (ActionTable table : tables) {
            table.actions()
                    .forEach(
                            (name, handler) -> {
                                if (actions.putIfAbsent(name, handler) != null) {
                                    throw new IllegalArgumentException("two handlers for " + name);
                                }
                            });
        }
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Consumer<Xml> execute(QueryRequest request) {
        Function<QueryRequest, Consumer<Xml>> action = actions.get(request.action());
        if (action == null) {
            throw ServiceError.invalidAction(request);
        }
        return action.apply(request);
    }
}
