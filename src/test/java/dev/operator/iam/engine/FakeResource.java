package dev.operator.iam.engine;

import dev.operator.iam.api.IamStatus;
import dev.operator.iam.api.ManagedResource;
import dev.operator.iam.api.Tag;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The smallest custom resource the engine can reconcile; its metadata is set by hand. */
@Group("test.iam.operator.dev")
@Version("v1")
@Kind("Fake")
public class FakeResource extends ManagedResource<FakeSpec, IamStatus> {

    @Override
    protected IamStatus newStatus() {
        return new IamStatus();
    }

    /** An object as the API server would hand it over: name, namespace, UID, generation, spec. */
    public static FakeResource of(
            String name,
            String namespace,
            String uid,
            long generation,
            String value,
            Map<String, String> tags) {
        FakeResource r = new FakeResource();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace(namespace);
        meta.setUid(uid);
        meta.setGeneration(generation);
        meta.setAnnotations(new LinkedHashMap<>());
        r.setMetadata(meta);
        FakeSpec spec = new FakeSpec();
        spec.setValue(value);
        List<Tag> specTags = new ArrayList<>();
        tags.forEach((k, v) -> specTags.add(new Tag(k, v)));
        spec.setTags(specTags);
        r.setSpec(spec);
        r.setStatus(null);
        return r;
    }
}
