package io.streamsql.cluster.pipelines;

import io.streamsql.cluster.sql.InsertTarget;
import io.streamsql.cluster.sql.SqlEngine;
import io.streamsql.cluster.sql.query.QueryService;
import io.streamsql.core.error.ErrorCode;
import io.streamsql.core.error.StreamSqlException;
import io.streamsql.core.pipeline.PipelineProgram;
import io.streamsql.core.pipeline.ProgramColumn;
import io.streamsql.core.pipeline.ProgramTable;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Deployment;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Lifecycle;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.Pipeline;
import io.streamsql.persistence.pipeline.PipelineCatalogEntity.ProgramStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feldera's pipelines on the SQL engine: a pipeline is a program (SQL tables and views) deployed
 * into a namespace of its own, with a lifecycle. This is what the {@code /v0/pipelines} routes
 * call; calls that read the SQL catalog run on the blocking executor and complete asynchronously.
 */
public final class PipelineService {
  private static final Logger log = LoggerFactory.getLogger(PipelineService.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,99}");

  /** A pipeline's deployed program, ready for ingress, egress and queries. */
  public record Active(Pipeline pipeline, String namespace, SqlEngine engine, PipelineProgram program) {}

  private final PipelineCatalog catalog;
  private final PipelineDeployer deployer;
  private final Function<String, SqlEngine> engineFactory;
  private final Function<SqlEngine, QueryService> queryFactory;
  private final Executor blocking;
  private final Duration staleDeployment;
  private final CompletionTracker tracker = new CompletionTracker();
  private final Map<String, SqlEngine> engines = new ConcurrentHashMap<>();
  private final Map<String, QueryService> queryServices = new ConcurrentHashMap<>();
  private final Map<String, PipelineProgram> programs = new ConcurrentHashMap<>();
  /** Program versions this node is deploying, so the keeper does not start a second deployment of them. */
  private final Set<String> deploying = ConcurrentHashMap.newKeySet();

  public PipelineService(PipelineCatalog catalog, Function<String, SqlEngine> engineFactory, Function<SqlEngine, QueryService> queryFactory,
      Executor blocking, int defaultPartitions, Duration staleDeployment) {
    this.catalog = catalog;
    this.engineFactory = engineFactory;
    this.queryFactory = queryFactory;
    this.blocking = blocking;
    this.staleDeployment = staleDeployment;
    this.deployer = new PipelineDeployer(this::engine, defaultPartitions);
  }

  /** The engine of a namespace (one per namespace and node: engines keep per-namespace state such as command statuses). */
  SqlEngine engine(String namespace) {
    return engines.computeIfAbsent(namespace, engineFactory);
  }

  public static String validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new StreamSqlException(ErrorCode.INVALID_NAME, "Invalid pipeline name '" + io.streamsql.core.error.Excerpt.of(name)
          + "': use 1 to 100 characters from [A-Za-z0-9_-], not starting with '-'", Map.of("name", String.valueOf(name)));
    }
    return name;
  }

  /**
   * Creates or replaces a pipeline ({@code mustBeNew}: refuse an existing name). A new program is
   * deployed before this completes; the pipeline returned says whether it compiled.
   */
  public CompletionStage<Pipeline> put(String name, String description, String program, String runtimeConfig, boolean mustBeNew) {
    try {
      validateName(name);
    } catch (StreamSqlException e) {
      return CompletableFuture.failedFuture(e);
    }
    return catalog.put(name, description == null ? "" : description, program == null ? "" : program,
            runtimeConfig == null ? "{}" : runtimeConfig, mustBeNew)
        .thenCompose(p -> p.programStatus() == ProgramStatus.PENDING ? deploy(p) : CompletableFuture.completedFuture(p));
  }

  private CompletionStage<Pipeline> deploy(Pipeline p) {
    String key = PipelineDeployer.namespace(p.name(), p.programVersion());
    if (!deploying.add(key)) return catalog.get(p.name());
    Deployment previous = p.deployed();
    return CompletableFuture.supplyAsync(() -> deployer.deploy(p), blocking)
        .thenCompose(outcome -> {
          if (outcome instanceof PipelineDeployer.Deployed d) {
            return catalog.markDeployed(p.name(), p.programVersion(), d.namespace()).handle((after, failure) -> {
              if (failure != null) {
                // Replaced by a newer program meanwhile (or deleted): this version never serves.
                CompletableFuture.runAsync(() -> deployer.teardown(d.namespace()), blocking);
                throw failure instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(failure);
              }
              if (previous != null && !previous.namespace().equals(d.namespace())) retire(previous.namespace());
              return after;
            });
          }
          return catalog.markFailed(p.name(), p.programVersion(), ((PipelineDeployer.Failed) outcome).error());
        })
        .whenComplete((done, failure) -> deploying.remove(key));
  }

  private void retire(String namespace) {
    CompletableFuture.runAsync(() -> {
      deployer.teardown(namespace);
      forget(namespace);
    }, blocking).whenComplete((done, failure) -> {
      if (failure != null) log.warn("Could not remove the objects of replaced program {}: {}", namespace, failure.toString());
    });
  }

  private void forget(String namespace) {
    engines.remove(namespace);
    queryServices.remove(namespace);
    programs.remove(namespace);
  }

  /**
   * Deploys programs whose deployment never finished (the node deploying them died): called by the
   * keeper singleton. A deployment younger than {@code staleDeployment} may still be running elsewhere.
   */
  public CompletionStage<Void> resumeStalledDeployments() {
    long now = System.currentTimeMillis();
    return catalog.all().thenAccept(all -> {
      for (Pipeline p : all) {
        if (p.programStatus() == ProgramStatus.PENDING && now - p.updatedAt() > staleDeployment.toMillis()) {
          log.info("Resuming the deployment of program version {} of pipeline {}", p.programVersion(), p.name());
          deploy(p);
        }
      }
    });
  }

  /** The namespaces of every deployed program (the keeper keeps their queries running). */
  public CompletionStage<List<String>> deployedNamespaces() {
    return catalog.all().thenApply(all -> all.stream().filter(p -> p.deployed() != null).map(p -> p.deployed().namespace()).toList());
  }

  public CompletionStage<Pipeline> get(String name) {
    return catalog.get(name);
  }

  public CompletionStage<List<Pipeline>> list() {
    return catalog.all();
  }

  /** Deletes a pipeline, then its tables, views and their data. */
  public CompletionStage<Pipeline> delete(String name) {
    return catalog.delete(name).thenCompose(p -> CompletableFuture.supplyAsync(() -> {
      if (p.deployed() != null) {
        deployer.teardown(p.deployed().namespace());
        forget(p.deployed().namespace());
      }
      String pending = PipelineDeployer.namespace(p.name(), p.programVersion());
      if (p.deployed() == null || !p.deployed().namespace().equals(pending)) deployer.teardown(pending);
      return p;
    }, blocking));
  }

  public CompletionStage<Pipeline> setLifecycle(String name, Lifecycle lifecycle) {
    return catalog.setLifecycle(name, lifecycle);
  }

  /**
   * The deployed program of a pipeline that accepts work: running, or paused when {@code force}
   * (ingress) or when {@code allowPaused} (egress and queries of a paused pipeline still work).
   */
  public CompletionStage<Active> active(String name, boolean force) {
    return catalog.get(name).thenApply(p -> {
      if (p.deployed() == null) {
        throw new StreamSqlException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + name + "' has no compiled program"
            + (p.programError() != null ? ": " + p.programError().message() : ""), Map.of("pipeline", name));
      }
      if (p.lifecycle() == Lifecycle.STOPPED) {
        throw new StreamSqlException(ErrorCode.PIPELINE_NOT_RUNNING, "Pipeline '" + name + "' is stopped: start it with POST /v0/pipelines/"
            + name + "/start", Map.of("pipeline", name));
      }
      if (p.lifecycle() == Lifecycle.PAUSED && !force) {
        throw new StreamSqlException(ErrorCode.PIPELINE_PAUSED, "Pipeline '" + name + "' is paused: resume it with /start, or push with "
            + "force=true", Map.of("pipeline", name));
      }
      String namespace = p.deployed().namespace();
      PipelineProgram program = programs.computeIfAbsent(namespace,
          ns -> PipelineProgram.compile(p.deployed().programCode(), deployer.partitions(p.runtimeConfig())));
      return new Active(p, namespace, engine(namespace), program);
    });
  }

  /**
   * The input table {@code table} names (SQL rules: unquoted is upper-cased, {@code "quoted"} kept),
   * ready to encode changes. Blocking (reads the SQL catalog).
   *
   * @throws StreamSqlException ({@code source_not_found}) when the program has no such table
   */
  public InsertTarget table(Active active, String table) {
    String name = sqlName(table);
    for (ProgramTable t : active.program().tables()) {
      if (!t.name().equals(name)) continue;
      Set<String> notNull = new HashSet<>();
      for (ProgramColumn c : t.columns()) if (!c.nullable()) notNull.add(c.name());
      return InsertTarget.ofSource(active.engine().catalogState(), name, notNull);
    }
    boolean isView = active.program().views().stream().anyMatch(v -> v.name().equals(name));
    throw new StreamSqlException(ErrorCode.SOURCE_NOT_FOUND, isView
        ? "'" + name + "' is a view of pipeline '" + active.pipeline().name() + "': only tables take input"
        : "Pipeline '" + active.pipeline().name() + "' has no table '" + name + "'", Map.of("table", name));
  }

  /** A table or view name as SQL reads it: unquoted names are upper-cased, {@code "quoted"} ones kept. */
  public static String sqlName(String text) {
    if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    return text.toUpperCase(java.util.Locale.ROOT);
  }

  /** Push and pull queries over a deployed program's tables and views. */
  public QueryService queries(Active active) {
    return queryServices.computeIfAbsent(active.namespace(), ns -> queryFactory.apply(active.engine()));
  }

  /** A token for everything ingested so far into every table of the pipeline ({@code POST …/completion_token}). */
  public CompletionStage<CompletionToken> tokenForAll(String name) {
    return active(name, true).thenApplyAsync(a -> {
      Map<String, Map<Integer, Long>> logs = new LinkedHashMap<>();
      var state = a.engine().catalogState();
      for (ProgramTable t : a.program().tables()) {
        var source = state.sources().get(t.name());
        if (source != null) logs.put(source.log(), a.engine().progress().ends(source.log()));
      }
      return new CompletionToken(name, a.namespace(), logs);
    }, blocking);
  }

  /** Whether everything before the token is through every view ({@code GET …/completion_status}). */
  public CompletionStage<Boolean> isComplete(String name, String tokenText) {
    CompletionToken token;
    try {
      token = CompletionToken.decode(tokenText);
    } catch (StreamSqlException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (!name.equals(token.pipeline())) {
      return CompletableFuture.failedFuture(new StreamSqlException(ErrorCode.INVALID_REQUEST,
          "The completion token belongs to pipeline '" + token.pipeline() + "', not '" + name + "'", Map.of()));
    }
    return catalog.get(name).thenApplyAsync(p -> {
      if (p.deployed() == null || !p.deployed().namespace().equals(token.namespace())) {
        throw new StreamSqlException(ErrorCode.INVALID_REQUEST,
            "The completion token belongs to a program of pipeline '" + name + "' that was replaced", Map.of());
      }
      return tracker.complete(engine(token.namespace()), token);
    }, blocking);
  }
}
