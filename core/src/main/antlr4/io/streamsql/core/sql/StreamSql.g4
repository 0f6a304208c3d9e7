/*
 * ksqlDB's SQL dialect as StreamSQL accepts it. Written for StreamSQL from ksqlDB's documented
 * syntax; keywords are case-insensitive, identifiers may be quoted with backquotes or double quotes.
 */
grammar StreamSql;

options { caseInsensitive = true; }

// Separators first, so choosing whether another statement follows never needs to look through a
// whole statement: a syntax error is then reported inside the statement, with the tokens it expects.
statements
    : ';'* (statement (';'+ statement)* ';'*)? EOF
    ;

singleStatement
    : statement ';'? EOF
    ;

singleExpression
    : expression EOF
    ;

singleType
    : type EOF
    ;

statement
    : query                                                                            # queryStatement
    | (LIST | SHOW) (STREAMS | TABLES | QUERIES | TOPICS | ALL TOPICS | FUNCTIONS | PROPERTIES
        | VARIABLES | TYPES | CONNECTORS) EXTENDED?                                    # listStatement
    | DESCRIBE FUNCTION identifier                                                     # describeFunction
    | DESCRIBE (STREAMS | TABLES) EXTENDED?                                            # describeSources
    | DESCRIBE EXTENDED? sourceName                                                    # describeSource
    | EXPLAIN (statement | identifier)                                                 # explain
    | CREATE (OR REPLACE)? SOURCE? STREAM (IF NOT EXISTS)? sourceName
        ('(' tableElements ')')? (WITH properties)?                                    # createStream
    | CREATE (OR REPLACE)? STREAM (IF NOT EXISTS)? sourceName
        (WITH properties)? AS query                                                    # createStreamAs
    | CREATE (OR REPLACE)? SOURCE? TABLE (IF NOT EXISTS)? sourceName
        ('(' tableElements ')')? (WITH properties)?                                    # createTable
    | CREATE (OR REPLACE)? TABLE (IF NOT EXISTS)? sourceName
        (WITH properties)? AS query                                                    # createTableAs
    | CREATE TYPE (IF NOT EXISTS)? identifier AS type                                  # registerType
    | DROP TYPE (IF EXISTS)? identifier                                                # dropType
    | INSERT INTO sourceName (WITH properties)? query                                   # insertInto
    | INSERT INTO sourceName ('(' columns ')')? VALUES '(' (expression (',' expression)*)? ')'  # insertValues
    | DROP STREAM (IF EXISTS)? sourceName (DELETE TOPIC)?                              # dropStream
    | DROP TABLE (IF EXISTS)? sourceName (DELETE TOPIC)?                               # dropTable
    | ALTER (STREAM | TABLE) sourceName alterOption (',' alterOption)*                 # alterSource
    | TERMINATE (identifier | ALL)                                                     # terminateQuery
    | SET STRING EQ STRING                                                             # setProperty
    | UNSET STRING                                                                     # unsetProperty
    | DEFINE identifier EQ STRING                                                      # defineVariable
    | UNDEFINE identifier                                                              # undefineVariable
    ;

alterOption
    : ADD COLUMN? identifier type
    ;

query
    : SELECT selectItem (',' selectItem)*
      FROM relation
      (WINDOW windowExpression)?
      (WHERE where=expression)?
      (GROUP BY groupBy)?
      (PARTITION BY partitionBy)?
      (HAVING having=expression)?
      (EMIT (CHANGES | FINAL))?
      (LIMIT INTEGER_VALUE)?
    ;

// As in ksqlDB's grammar, GROUP BY and PARTITION BY take value expressions: "PARTITION BY A AND B" is a
// syntax error, not a boolean key.
groupBy
    : valueExpression (',' valueExpression)*
    | '(' (valueExpression (',' valueExpression)*)? ')'
    ;

partitionBy
    : valueExpression (',' valueExpression)*
    | '(' (valueExpression (',' valueExpression)*)? ')'
    ;

windowExpression
    : (IDENTIFIER | QUOTED_IDENTIFIER | BACKQUOTED_IDENTIFIER)?
      (tumblingWindow | hoppingWindow | sessionWindow)
    ;

tumblingWindow
    : TUMBLING '(' SIZE duration (',' windowOption)* ')'
    ;

hoppingWindow
    : HOPPING '(' SIZE duration ',' ADVANCE BY duration (',' windowOption)* ')'
    ;

sessionWindow
    : SESSION '(' duration (',' windowOption)* ')'
    ;

windowOption
    : RETENTION duration
    | GRACE PERIOD duration
    ;

duration
    : number timeUnit
    ;

timeUnit
    : identifier
    ;

selectItem
    : primaryExpression STRUCT_FIELD_REF ASTERISK                                      # selectStructAll
    | expression (AS? identifier)?                                                     # selectSingle
    | identifier '.' ASTERISK                                                          # selectAllOf
    | ASTERISK                                                                         # selectAll
    ;

relation
    : aliasedRelation joinedRelation*
    ;

joinedRelation
    : joinType JOIN aliasedRelation withinExpression? ON expression
    ;

joinType
    : INNER?
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

withinExpression
    : WITHIN '(' duration ',' duration ')' (GRACE PERIOD duration)?
    | WITHIN duration (GRACE PERIOD duration)?
    ;

aliasedRelation
    : sourceName (AS? identifier)?
    ;

tableElements
    : tableElement (',' tableElement)*
    ;

tableElement
    : identifier type columnConstraint?
    ;

columnConstraint
    : PRIMARY KEY
    | KEY
    | HEADERS
    | HEADER '(' STRING ')'
    ;

properties
    : '(' property (',' property)* ')'
    ;

property
    : identifier EQ literal
    ;

columns
    : identifier (',' identifier)*
    ;

sourceName
    : identifier
    ;

type
    : type ARRAY                                                                       # legacyArrayType
    | ARRAY '<' type '>'                                                               # arrayType
    | MAP '<' type ',' type '>'                                                        # mapType
    | STRUCT '<' (identifier type (',' identifier type)*)? '>'                         # structType
    | DECIMAL '(' INTEGER_VALUE ',' INTEGER_VALUE ')'                                  # decimalType
    | identifier ('(' typeParameter (',' typeParameter)* ')')?                         # simpleType
    ;

// ksqlDB accepts and ignores parameters of simple types: VARCHAR(10), VARCHAR(STRING).
typeParameter
    : INTEGER_VALUE
    | STRING_TYPE
    ;

expression
    : booleanExpression
    ;

booleanExpression
    : valueExpression predicate[$valueExpression.ctx]?                                 # predicated
    | NOT booleanExpression                                                            # logicalNot
    | left=booleanExpression AND right=booleanExpression                               # logicalAnd
    | left=booleanExpression OR right=booleanExpression                                # logicalOr
    ;

predicate[ParserRuleContext value]
    : comparisonOperator right=valueExpression                                         # comparison
    | IS NOT? DISTINCT FROM right=valueExpression                                      # distinctFrom
    | NOT? BETWEEN lower=valueExpression AND upper=valueExpression                     # between
    | NOT? IN '(' expression (',' expression)* ')'                                     # inList
    | NOT? LIKE pattern=valueExpression (ESCAPE escape=STRING)?                        # like
    | IS NOT? NULL                                                                     # nullPredicate
    ;

valueExpression
    : primaryExpression                                                                # valueExpressionDefault
    | operator=(MINUS | PLUS) valueExpression                                          # arithmeticUnary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT) right=valueExpression # arithmeticBinary
    | left=valueExpression operator=(PLUS | MINUS) right=valueExpression               # arithmeticBinary
    | left=valueExpression CONCAT right=valueExpression                                # concatenation
    ;

primaryExpression
    : literal                                                                          # literalExpression
    | identifier STRING                                                                # typeConstructor
    | CASE valueExpression whenClause+ (ELSE elseExpression=expression)? END           # simpleCase
    | CASE whenClause+ (ELSE elseExpression=expression)? END                           # searchedCase
    | CAST '(' expression AS type ')'                                                  # cast
    | ARRAY '[' (expression (',' expression)*)? ']'                                    # arrayConstructor
    | MAP '(' (expression ASSIGN expression (',' expression ASSIGN expression)*)? ')'  # mapConstructor
    | STRUCT '(' (identifier ASSIGN expression (',' identifier ASSIGN expression)*)? ')' # structConstructor
    | identifier '(' ASTERISK ')'                                                      # functionCall
    | identifier '(' (functionArgument (',' functionArgument)*)? ')'                   # functionCall
    | value=primaryExpression '[' index=valueExpression ']'                            # subscript
    | identifier                                                                       # columnReference
    | identifier '.' identifier                                                        # qualifiedColumnReference
    | base=primaryExpression STRUCT_FIELD_REF fieldName=identifier                     # dereference
    | '(' expression ')'                                                               # parenthesizedExpression
    ;

functionArgument
    : expression
    | lambda
    ;

lambda
    : identifier '=>' expression
    | '(' identifier (',' identifier)* ')' '=>' expression
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

comparisonOperator
    : EQ | NEQ | LT | LTE | GT | GTE
    ;

literal
    : NULL                                                                             # nullLiteral
    | (TRUE | FALSE)                                                                   # booleanLiteral
    | number                                                                           # numericLiteral
    | STRING                                                                           # stringLiteral
    | VARIABLE                                                                         # variableLiteral
    ;

number
    : MINUS? DECIMAL_VALUE                                                             # decimalLiteral
    | MINUS? FLOATING_POINT_VALUE                                                      # floatLiteral
    | MINUS? INTEGER_VALUE                                                             # integerLiteral
    ;

identifier
    : VARIABLE                                                                         # variableIdentifier
    | IDENTIFIER                                                                       # unquotedIdentifier
    | QUOTED_IDENTIFIER                                                                # quotedIdentifier
    | BACKQUOTED_IDENTIFIER                                                            # backQuotedIdentifier
    | DIGIT_IDENTIFIER                                                                 # digitIdentifier
    | nonReserved                                                                      # unquotedIdentifier
    ;

nonReserved
    : SHOW | TABLES | COLUMNS | COLUMN | PARTITIONS | FUNCTIONS | FUNCTION | SESSION
    | STRUCT | MAP | ARRAY | PARTITION | INTEGER | DATE | TIME | TIMESTAMP | INTERVAL | ZONE
    | YEAR | MONTH | DAY | HOUR | MINUTE | SECOND
    | EXPLAIN | ANALYZE | TYPE | TYPES | SET | RESET | IF | SOURCE | VALUES | KEY | HEADER | HEADERS
    | PROPERTIES | VARIABLES | TOPICS | STREAMS | QUERIES | CONNECTORS | EXTENDED
    | RETENTION | GRACE | PERIOD | ADVANCE | SIZE | TUMBLING | HOPPING | FINAL | CHANGES
    | REPLACE | ADD | DELETE | TOPIC | DEFINE | UNDEFINE | UNSET | TERMINATE | LIST | DESCRIBE
    | EMIT | ALTER | DECIMAL | SINK | SYSTEM | PLUGINS | ASSERT | STRING_TYPE
    ;

EMIT: 'EMIT';
CHANGES: 'CHANGES';
FINAL: 'FINAL';
SELECT: 'SELECT';
FROM: 'FROM';
AS: 'AS';
ALL: 'ALL';
DISTINCT: 'DISTINCT';
WHERE: 'WHERE';
WITHIN: 'WITHIN';
WINDOW: 'WINDOW';
GROUP: 'GROUP';
BY: 'BY';
HAVING: 'HAVING';
LIMIT: 'LIMIT';
OR: 'OR';
AND: 'AND';
IN: 'IN';
NOT: 'NOT';
EXISTS: 'EXISTS';
BETWEEN: 'BETWEEN';
LIKE: 'LIKE';
ESCAPE: 'ESCAPE';
IS: 'IS';
NULL: 'NULL';
TRUE: 'TRUE';
FALSE: 'FALSE';
INTEGER: 'INTEGER';
DATE: 'DATE';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
INTERVAL: 'INTERVAL';
YEAR: 'YEAR';
MONTH: 'MONTH';
DAY: 'DAY';
HOUR: 'HOUR';
MINUTE: 'MINUTE';
SECOND: 'SECOND';
ZONE: 'ZONE';
TUMBLING: 'TUMBLING';
HOPPING: 'HOPPING';
SIZE: 'SIZE';
ADVANCE: 'ADVANCE';
RETENTION: 'RETENTION';
GRACE: 'GRACE';
PERIOD: 'PERIOD';
CASE: 'CASE';
WHEN: 'WHEN';
THEN: 'THEN';
ELSE: 'ELSE';
END: 'END';
JOIN: 'JOIN';
FULL: 'FULL';
OUTER: 'OUTER';
INNER: 'INNER';
LEFT: 'LEFT';
RIGHT: 'RIGHT';
ON: 'ON';
PARTITION: 'PARTITION';
STRUCT: 'STRUCT';
WITH: 'WITH';
VALUES: 'VALUES';
CREATE: 'CREATE';
TABLE: 'TABLE';
TOPIC: 'TOPIC';
STREAM: 'STREAM';
STREAMS: 'STREAMS';
INSERT: 'INSERT';
DESCRIBE: 'DESCRIBE';
EXTENDED: 'EXTENDED';
LIST: 'LIST';
TOPICS: 'TOPICS';
QUERIES: 'QUERIES';
TERMINATE: 'TERMINATE';
SHOW: 'SHOW';
TABLES: 'TABLES';
COLUMNS: 'COLUMNS';
COLUMN: 'COLUMN';
PARTITIONS: 'PARTITIONS';
FUNCTIONS: 'FUNCTIONS';
FUNCTION: 'FUNCTION';
ARRAY: 'ARRAY';
MAP: 'MAP';
SET: 'SET';
DEFINE: 'DEFINE';
UNDEFINE: 'UNDEFINE';
RESET: 'RESET';
SESSION: 'SESSION';
KEY: 'KEY';
// The word STRING as a keyword (the STRING token is a quoted literal); an identifier everywhere else.
STRING_TYPE: 'STRING';
SINK: 'SINK';
SOURCE: 'SOURCE';
PRIMARY: 'PRIMARY';
REPLACE: 'REPLACE';
ASSERT: 'ASSERT';
ADD: 'ADD';
ALTER: 'ALTER';
VARIABLES: 'VARIABLES';
PLUGINS: 'PLUGINS';
HEADERS: 'HEADERS';
HEADER: 'HEADER';
SYSTEM: 'SYSTEM';
IF: 'IF';
INTO: 'INTO';
CAST: 'CAST';
TYPE: 'TYPE';
TYPES: 'TYPES';
DROP: 'DROP';
DELETE: 'DELETE';
EXPLAIN: 'EXPLAIN';
ANALYZE: 'ANALYZE';
PROPERTIES: 'PROPERTIES';
CONNECTORS: 'CONNECTORS';
UNSET: 'UNSET';
DECIMAL: 'DECIMAL';

EQ: '=';
NEQ: '<>' | '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
CONCAT: '||';
ASSIGN: ':=';
STRUCT_FIELD_REF: '->';

STRING
    : '\'' ( ~'\'' | '\'\'' )* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    ;

FLOATING_POINT_VALUE
    : DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_' | '@')*
    ;

DIGIT_IDENTIFIER
    : DIGIT (LETTER | DIGIT | '_' | '@')+
    ;

QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )* '"'
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

VARIABLE
    : '${' (LETTER | DIGIT | '_')+ '}'
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [A-Z]
    ;

SIMPLE_COMMENT
    : '--' ~[\r\n]* '\r'? '\n'? -> channel(HIDDEN)
    ;

BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t]+ -> channel(HIDDEN)
    ;

UNRECOGNIZED
    : .
    ;
