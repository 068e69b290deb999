package dev.operator.iam.emulator;

import java.util.function.Consumer;

/** The one STS action an IAM client needs: GetCallerIdentity, answering as a fixed IAM user. */
final class StsActions implements QueryService {

    static final String VERSION = "2011-06-15";
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final String USER_ID = "AIDAEMULATOR000000001";

    private final String accountId;

    StsActions(String accountId) {
        this.accountId = accountId;
    }

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public Consumer<Xml> execute(QueryRequest request) {
        if (!request.action().equals("GetCallerIdentity")) {
            throw ServiceError.invalidAction(request);
        }
        return xml ->
                xml.element("Arn", "arn:aws:iam::" + accountId + ":user/emulator")
                        .element("UserId", USER_ID)
                        .element("Account", accountId);
    }
}
