package io.hpk.common.concurrent;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.vertx.core.Context;
import java.util.function.Consumer;

/**
 * Informer callbacks arrive on fabric8's thread; this hands each one to a verticle's context, so
 * the verticle's state is only ever touched there. Adds and updates both mean "here is the object
 * as it is now".
 */
public final class OnContextHandler<T> implements ResourceEventHandler<T> {

  private final Context context;
  private final Consumer<T> current;
  private final Consumer<T> deleted;

  public OnContextHandler(Context context, Consumer<T> current, Consumer<T> deleted) {
    this.context = context;
    this.current = current;
    this.deleted = deleted;
  }

  @Override
  public void onAdd(T object) {
    context.runOnContext(v -> current.accept(object));
  }

  @Override
  public void onUpdate(T oldObject, T newObject) {
    context.runOnContext(v -> current.accept(newObject));
  }

  @Override
  public void onDelete(T object, boolean deletedFinalStateUnknown) {
    context.runOnContext(v -> deleted.accept(object));
  }
}
