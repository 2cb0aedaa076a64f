package io.fxg.policy;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.CelTypes;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment every condition is compiled in, built once and shared (CEL compilers,
 * runtimes and programs are immutable and thread-safe).
 *
 * <p>Declarations: {@code request} and {@code context} are declared as struct types
 * ({@code fxg.Request}, {@code fxg.Context}, {@code fxg.Caller}, {@code fxg.Target}) so the checker
 * refuses unknown fields and mistyped comparisons at install time ({@code context.rsk},
 * {@code context.parent == null}); at run time they are plain Java maps, which CEL selects from
 * like structs. Field types: {@code request.action}, {@code resource}, {@code caller.domain},
 * {@code caller.principal}, {@code target.domain}, {@code target.environment}: string;
 * {@code request.parameters}: {@code map(string, dyn)}; {@code context.now}: timestamp;
 * {@code context.risk}, {@code context.depth}: int; {@code context.callerRoles}: list(string);
 * {@code context.parent}: string, empty for a root execution; {@code context.peer}: string, the
 * peer gateway an execution was forwarded from, empty for a local one. Standard macros
 * ({@code has}, {@code all}, {@code exists}, ...) are on; comprehensions are capped at {@value #MAX_ITERATIONS}
 * iterations.
 *
 * <p>Numbers: JSON integers become {@code int} (Java {@code Long}) and decimals {@code double}; CEL
 * heterogeneous numeric comparisons are enabled, so {@code request.parameters.amount < 1000}
 * compares correctly whether the amount arrived as {@code 250} or {@code 250.5}. Arithmetic still
 * needs one type ({@code int + double} is an evaluation error).
 */
final class ConditionEnvironment {
  static final int MAX_ITERATIONS = 1_000;

  private static final StructType CALLER = struct("fxg.Caller", fields(
      "domain", SimpleType.STRING, "principal", SimpleType.STRING));
  private static final StructType TARGET = struct("fxg.Target", fields(
      "domain", SimpleType.STRING, "environment", SimpleType.STRING));
  private static final StructType REQUEST = struct("fxg.Request", fields(
      "action", SimpleType.STRING, "resource", SimpleType.STRING,
      "parameters", MapType.create(SimpleType.STRING, SimpleType.DYN),
      "caller", CALLER, "target", TARGET));
  private static final StructType CONTEXT = struct("fxg.Context", fields(
      "now", SimpleType.TIMESTAMP, "risk", SimpleType.INT, "depth", SimpleType.INT,
      "callerRoles", ListType.create(SimpleType.STRING), "parent", SimpleType.STRING,
      "peer", SimpleType.STRING));

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(PolicyBundle.MAX_CONDITION_LENGTH)
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .build();

  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setTypeProvider(new Types())
          .addVar("request", REQUEST)
          .addVar("context", CONTEXT)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private ConditionEnvironment() {}

  /**
   * Compiles one rule's condition. Refuses parse and type errors (with the 1-based line:column
   * CEL reports) and any expression whose static type is not {@code bool}.
   */
  static CelRuntime.Program compile(String ruleId, String path, String expression)
      throws PolicyException {
    CelValidationResult result = COMPILER.compile(expression, "rule '" + ruleId + "'");
    if (result.hasError()) {
      CelIssue first = result.getErrors().get(0);
      int more = result.getErrors().size() - 1;
      throw new PolicyException(path, "rule '" + ruleId + "' condition does not compile at "
          + position(first.getSourceLocation()) + ": " + first.getMessage()
          + (more > 0 ? " (and " + more + " more)" : ""));
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = result.getAst();
    } catch (CelValidationException e) {
      throw new PolicyException(path, "rule '" + ruleId + "' condition does not compile", e);
    }
    CelType type = ast.getResultType();
    if (type.kind() != CelKind.BOOL) {
      String hint = type.kind() == CelKind.DYN
          ? " (compare the value explicitly, e.g. request.parameters.flag == true)"
          : "";
      throw new PolicyException(path, "rule '" + ruleId
          + "' condition must be of type bool, but is " + CelTypes.format(type) + hint);
    }
    try {
      return RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new PolicyException(path, "rule '" + ruleId + "' condition cannot be planned: "
          + e.getMessage(), e);
    }
  }

  /** CEL columns are 0-based; people (and CEL's own display form) count from 1. */
  private static String position(CelSourceLocation location) {
    if (location == null || location.getLine() < 1) {
      return "unknown position";
    }
    return location.getLine() + ":" + (location.getColumn() + 1);
  }

  private static Map<String, CelType> fields(Object... namesAndTypes) {
    Map<String, CelType> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      fields.put((String) namesAndTypes[i], (CelType) namesAndTypes[i + 1]);
    }
    return fields;
  }

  private static StructType struct(String name, Map<String, CelType> fields) {
    return StructType.create(name, ImmutableSet.copyOf(fields.keySet()),
        field -> Optional.ofNullable(fields.get(field)));
  }

  /** Makes the fxg struct types known to the checker. */
  private static final class Types implements CelTypeProvider {
    private static final ImmutableList<CelType> TYPES =
        ImmutableList.of(CALLER, TARGET, REQUEST, CONTEXT);

    @Override
    public ImmutableCollection<CelType> types() {
      return TYPES;
    }

    @Override
    public Optional<CelType> findType(String typeName) {
      for (CelType type : TYPES) {
        if (type.name().equals(typeName)) {
          return Optional.of(type);
        }
      }
      return Optional.empty();
    }
  }
}
