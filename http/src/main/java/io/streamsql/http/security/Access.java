package io.streamsql.http.security;

/**
 * What a request needs: {@code required} role (null: public) on {@code resource}, the stream,
 * table or pipeline name it acts on; a null resource means the request is not about one named
 * resource (listings, SQL, connectors, admin) and only unscoped principals may send it.
 */
public record Access(Role required, String resource) {
  public static final Access PUBLIC = new Access(null, null);

  public boolean isPublic() {
    return required == null;
  }

  public boolean permits(Principal p) {
    if (isPublic()) return true;
    if (p.role().isEmpty() || !p.role().get().includes(required)) return false;
    if (!p.isScoped()) return true;
    return resource != null && p.covers(resource);
  }
}
