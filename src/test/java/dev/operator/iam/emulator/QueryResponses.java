package dev.operator.iam.emulator;

import java.util.function.Consumer;

/** The awsQuery response envelopes, success and error, as IAM and STS write them. */
final class QueryResponses {

    private QueryResponses() {}

    /**
     * {@code <ActionResponse xmlns=...><ActionResult>...</ActionResult><ResponseMetadata>...}; the
     * result element is left out for actions that return nothing, as AWS does.
     */
    static HttpResponseMessage success(
            String namespace, String action, Consumer<Xml> result, String requestId) {
        Xml xml = new Xml().root(action + "Response", namespace);
        if (result != null) {
            xml.start(action + "Result");
            result.accept(xml);
            xml.end();
        }
        xml.start("ResponseMetadata").element("RequestId", requestId).end();
        return HttpResponseMessage.xml(200, requestId, xml.end().toString());
    }

    /**
     * {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}.
     */
    static HttpResponseMessage error(String namespace, ServiceError error, String requestId) {
        Xml xml =
                new Xml()
                        .root("ErrorResponse", namespace)
                        .start("Error")
                        .element("Type", error.type())
                        .element("Code", error.code())
                        .element("Message", error.getMessage())
                        .end()
                        .element("RequestId", requestId)
                        .end();
        return HttpResponseMessage.xml(error.status(), requestId, xml.toString());
    }
}
