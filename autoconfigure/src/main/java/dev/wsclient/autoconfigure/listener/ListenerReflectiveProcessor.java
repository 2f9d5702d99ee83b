package dev.wsclient.autoconfigure.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.SimpleReflectiveProcessor;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.MergedAnnotation;

/**
 * Runtime hints of a listener method, for AOT-processed applications and native images:
 * the method is invoked reflectively, its payload parameter is read from JSON and its
 * reply written as JSON, so the payload and reply types are registered for binding, the
 * element type of a reactive reply included. The listener annotations name this processor
 * in their {@code @Reflective}, so Spring's AOT processing calls it for every bean method
 * that carries one.
 */
class ListenerReflectiveProcessor extends SimpleReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	protected void registerMethodHint(ReflectionHints hints, Method method) {
		super.registerMethodHint(hints, method);
		List<MergedAnnotation<?>> annotations = ListenerMethodFactory.annotations(method);
		if (annotations.isEmpty()) {
			return;
		}
		@SuppressWarnings("unchecked")
		ListenerKind kind = ListenerKind
			.of((Class<? extends java.lang.annotation.Annotation>) annotations.get(0).getType());
		Class<?>[] parameterTypes = method.getParameterTypes();
		for (int i = 0; i < parameterTypes.length; i++) {
			if (ListenerMethodFactory.argument(kind, parameterTypes[i]) == ListenerArgument.PAYLOAD) {
				this.bindingHints.registerReflectionHints(hints,
						ResolvableType.forMethodParameter(method, i).getType());
			}
		}
		Class<?> returnType = method.getReturnType();
		if (kind.mayReply() && returnType != void.class && returnType != Void.class) {
			ResolvableType reply = ResolvableType.forMethodReturnType(method);
			if (ReactiveAdapterRegistry.getSharedInstance().getAdapter(returnType) != null) {
				// What is sent is each element, not the publisher.
				reply = reply.getGeneric(0);
			}
			this.bindingHints.registerReflectionHints(hints, reply.getType());
		}
	}

}
