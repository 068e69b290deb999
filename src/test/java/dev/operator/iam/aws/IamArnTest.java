package dev.operator.iam.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IamArnTest {

    @Test
    void takesARoleArnApartIntoTypePathAndName() {
        assertThat(IamArn.parse("arn:aws:iam::123456789012:role/team-a/app"))
                .contains(new IamArn("aws", "123456789012", "role", "/team-a/", "app"));
    }

    @Test
    void aResourceAtTheRootHasPathSlash() {
        assertThat(IamArn.parse("arn:aws-cn:iam::123456789012:instance-profile/web"))
                .contains(new IamArn("aws-cn", "123456789012", "instance-profile", "/", "web"));
    }

    @Test
    void anAwsManagedPolicyHasTheAccountAws() {
        assertThat(IamArn.parse("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"))
                .contains(new IamArn("aws", "aws", "policy", "/job-function/", "ViewOnlyAccess"));
    }

    @Test
    void refusesWhatIsNotAnIamResourceArn() {
        assertThat(IamArn.parse(null)).isEmpty();
        assertThat(IamArn.parse("not-an-arn")).isEmpty();
        assertThat(IamArn.parse("arn:aws:s3:::bucket/key")).isEmpty();
        assertThat(IamArn.parse("arn:aws:iam::123456789012:root")).isEmpty();
        assertThat(IamArn.parse("arn:aws:iam::123456789012:role/")).isEmpty();
    }
}
