package dev.operator.iam.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Reconciles on a spec change (generation), an annotation change (our policies live there and do
 * not bump the generation), deletion and finalizer changes — but not on status writes, which are
 * our own and would otherwise trigger an observe-and-write loop.
 */
public class RelevantChangeFilter implements OnUpdateFilter<HasMetadata> {

    @Override
    public boolean accept(HasMetadata newer, HasMetadata older) {
        ObjectMeta n = newer.getMetadata();
        ObjectMeta o = older.getMetadata();
        return !Objects.equals(n.getGeneration(), o.getGeneration())
                || !Objects.equals(n.getAnnotations(), o.getAnnotations())
                || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp())
                || !Objects.equals(n.getFinalizers(), o.getFinalizers());
    }
}
