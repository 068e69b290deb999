package dev.operator.iam.emulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The accounts of the emulator and who is calling: a request signed with an access key that STS
 * {@code AssumeRole} handed out acts in that role's account, as the assumed role; any other key
 * acts in the default account, as the IAM user {@code emulator} (signatures are not checked). A key
 * STS never handed out but shaped like one ({@code ASIA...}) is refused, as AWS refuses an unknown
 * token, and so is one past its expiration: nothing ever lands in the default account by mistake.
 */
final class EmulatedAccounts {

    /** Who signed a request. */
    record Caller(String accountId, String arn, String userId, String roleArn) {}

    /** Credentials STS handed out. */
    record Session(Caller caller, Instant expiration) {}

    static final String DEFAULT_USER_ID = "AIDAEMULATOR000000001";

    private final String defaultAccountId;
    private final Clock clock;
    private final Map<String, EmulatedAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, List<String>> actionsByAccount = new LinkedHashMap<>();

    EmulatedAccounts(String defaultAccountId, Clock clock) {
        this.defaultAccountId = defaultAccountId;
        this.clock = clock;
        account(defaultAccountId);
    }

    EmulatedAccount account(String id) {
        return accounts.computeIfAbsent(id, a -> new EmulatedAccount(a, clock));
    }

    EmulatedAccount defaultAccount() {
        return account(defaultAccountId);
    }

    /**
     * @throws ServiceError {@code InvalidClientTokenId} for a session key STS never handed out,
     *     {@code ExpiredToken} for one past its expiration
     */
    Caller caller(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith("ASIA")) {
            return new Caller(
                    defaultAccountId,
                    "arn:aws:iam::" + defaultAccountId + ":user/emulator",
                    DEFAULT_USER_ID,
                    null);
        }
        Session session = sessions.get(accessKeyId);
        if (session == null) {
            throw new ServiceError(
                    403,
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
        if (!clock.instant().isBefore(session.expiration())) {
            throw new ServiceError(
                    403, "ExpiredToken", "The security token included in the request is expired");
        }
        return session.caller();
    }

    void issue(String accessKeyId, Session session) {
        sessions.put(accessKeyId, session);
    }

    /** Records that an action ran in an account, for tests to prove where calls went. */
    synchronized void record(String accountId, String action) {
        actionsByAccount.computeIfAbsent(accountId, a -> new ArrayList<>()).add(action);
    }

    synchronized Map<String, List<String>> actionsByAccount() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        actionsByAccount.forEach((a, actions) -> copy.put(a, List.copyOf(actions)));
        return copy;
    }

    /**
     * Forgets the state of every account and the actions recorded; credentials already handed out
     * stay valid until they expire, as in AWS.
     */
    synchronized void clear() {
        accounts.values().forEach(EmulatedAccount::clear);
        actionsByAccount.clear();
    }

    /** The IAM API, acting in the account of the request's access key. */
    QueryService iam() {
        return new QueryService() {
            @Override
            public String namespace() {
                return IamService.NAMESPACE;
            }

            @Override
            public Consumer<Xml> execute(QueryRequest request) {
                Caller caller = caller(request.accessKeyId());
                record(caller.accountId(), request.action());
                return account(caller.accountId()).service.execute(request);
            }
        };
    }
}
