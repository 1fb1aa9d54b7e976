// The .lsm model language: the single source of truth for its syntax.
// docs/language.md follows this file; keep them in step.
grammar Lsm;

@lexer::members {
  // Depth of open ( and [ : a line break inside them does not end a statement,
  // so long equations and argument lists can be wrapped.
  int bracketDepth = 0;
}

// ---------------------------------------------------------------- structure
// Items are separated by line breaks or ';'.
file       : sep* (topItem (sep+ topItem)* sep*)? EOF ;
sep        : NL | ';' ;

topItem
  : IMPORT STRING                                                   # importItem
  | name '=' expr                                                   # constantItem
  | GROUP name '(' expr ')' body                                    # groupItem
  | POISSON_GROUP name '(' expr ')' body                            # poissonGroupItem
  | POISSON_INPUT name '(' target=name ')' body                     # poissonInputItem
  | SUBGROUP name '=' parent=name '[' start=expr? ':' stop=expr? ']' body?  # subgroupItem
  | SPIKE_GENERATOR name '(' expr ')' body?                         # generatorItem
  | SYNAPSE_MODEL name '(' (templateParam (',' templateParam)*)? ')' body  # synapseModelItem
  | SYNAPSES name '(' source=name '->' target=name ')' synapsesDefinition  # synapsesItem
  | MONITOR name '=' kind=ID '(' (expr (',' expr)*)? ')' body?      # monitorItem
  | EXPERIMENT name? body                                           # experimentItem
  | TIMED_ARRAY name body                                           # timedArrayItem
  ;

// A name the model defines. The words that begin items are keywords only where an item
// begins, so that Brian2's names `group`, `monitor`, `synapses`, ... stay usable.
name : ID | IMPORT | GROUP | POISSON_GROUP | POISSON_INPUT | SUBGROUP | SPIKE_GENERATOR | SYNAPSE_MODEL
     | SYNAPSES | MONITOR | EXPERIMENT | EQUATIONS | LET | TIMED_ARRAY ;

templateParam      : name (':' unitSpec)? ('=' expr)? ;
synapsesDefinition : body                                           # inlineSynapses
                   | '=' name '(' (namedArg (',' namedArg)*)? ')' body?  # templateSynapses
                   ;
namedArg           : name '=' expr ;

// A body holds blocks (`init { ... }`) and settings (`threshold: v > v_thresh`); the
// experiment also steps (`run(200 ms)`) and assignments between runs (`neurons.I = 0.5 nA`,
// `spikes.active = False`), and blocks with options (`run_regularly(dt = 1 ms) { ... }`,
// `run_on_event(up) { ... }`).
// Which body takes which items is semantic analysis's.
body     : '{' sep* (bodyItem (sep+ bodyItem)* sep*)? '}' ;
bodyItem
  : EQUATIONS '{' sep* (equation (sep+ equation)* sep*)? '}'        # equationsBlock
  | ID '{' sep* (statement (sep+ statement)* sep*)? '}'             # statementBlock
  | ID ':' statement (',' statement)* (';' assignment)*              # setting
  | ID '(' (expr (',' expr)*)? ')'                                  # callItem
  | (object=name '.')? target=name ('[' condition=expr ']')?
    op=('=' | '+=' | '-=' | '*=' | '/=') expr                       # assignmentItem
  | ID ':' valueList ('*' unit=expr)?                               # valuesSetting
  | ID '(' (generatorArg (',' generatorArg)*)? ')'
    '{' sep* (statement (sep+ statement)* sep*)? '}'                # optionsBlock
  ;

// Values given in the model or read from a file, times their unit: a spike_generator's
// `indices: [0, 1]`, `times: [1, 2] * ms`, `spikes: "input.csv" * ms`; a timed_array's
// `values: [[1, 2], [3, 4]] * Hz` (a row per time step) or `values: "rates.npy" * Hz`.
valueList  : '[' (valueEntry (',' valueEntry)*)? ','? ']'           # inlineValues
           | STRING                                                 # fileValues
           ;
valueEntry : expr                                                   # scalarEntry
           | '[' (expr (',' expr)*)? ','? ']'                       # rowEntry
           ;

// ---------------------------------------------------------------- equations (Brian2 syntax)
equation
  : lhs=ID '/' dt=ID '=' expr ':' unitSpec flags?                   # differentialEquation
  | name '=' expr ':' unitSpec flags?                               # subexpressionEquation
  | name ':' unitSpec flags?                                        # parameterEquation
  ;
unitSpec  : unitTerm (op=('*' | '/') unitTerm)* ;
unitTerm  : (ID | NUMBER) ('**' signedNumber)?
          | '(' unitSpec ')' ('**' signedNumber)?
          ;
signedNumber : ('-' | '+')? NUMBER ;
flags     : '(' flag (',' flag)* ')' ;
flag      : ID (('-' ID) | ID)* ;

// ---------------------------------------------------------------- statements
// A setting's statements may also be separated by ';', as in Brian2's code strings
// (`reset: v = v_r; w += b`): an assignment after ';' continues the setting.
statement
  : LET name '=' expr                                               # letStatement
  | assignment                                                      # assignStatement
  | name '=' '[' (expr (',' expr)*)? ']'                            # arrayStatement
  | name '=' element=expr FOR variable=name IN iterator=ID
    '(' (generatorArg (',' generatorArg)*)? ')' (IF condition=expr)?  # generatorStatement
  | expr                                                            # expressionStatement
  ;
// Brian2's generator syntax for connect's targets: `j = k for k in range(i-3, i+4) if k != i`,
// `j = k for k in sample(N_post, p=0.1)`; `[...]` lists explicit indices (`i = [0, 1, 2]`).
generatorArg : (name '=')? expr ;
assignment : name ('[' condition=expr ']')? op=('=' | '+=' | '-=' | '*=' | '/=') expr ;

// ---------------------------------------------------------------- expressions (Python precedence)
expr
  : primary                                                         # primaryExpr
  | <assoc=right> expr '**' sign=('-' | '+')? expr                  # powerExpr
  | op=('-' | '+') expr                                             # unaryExpr
  | expr op=('*' | '/' | '//' | '%') expr                           # multiplicativeExpr
  | expr op=('+' | '-') expr                                        # additiveExpr
  | expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') expr            # comparisonExpr
  | NOT expr                                                        # notExpr
  | expr AND expr                                                   # andExpr
  | expr OR expr                                                    # orExpr
  | <assoc=right> expr IF expr ELSE expr                            # conditionalExpr
  ;
primary
  : NUMBER (unit=ID ('**' signedNumber)?)?                          # numberLiteral
  | TRUE                                                            # trueLiteral
  | FALSE                                                           # falseLiteral
  | ID '(' (generatorArg (',' generatorArg)*)? ')'                  # callPrimary
  | name                                                            # namePrimary
  | '(' expr ')'                                                    # parenPrimary
  ;

// ---------------------------------------------------------------- lexer
IMPORT          : 'import' ;
GROUP           : 'group' ;
SUBGROUP        : 'subgroup' ;
SPIKE_GENERATOR : 'spike_generator' ;
POISSON_GROUP   : 'poisson_group' ;
POISSON_INPUT   : 'poisson_input' ;
SYNAPSE_MODEL   : 'synapse_model' ;
SYNAPSES        : 'synapses' ;
MONITOR         : 'monitor' ;
EXPERIMENT      : 'experiment' ;
EQUATIONS       : 'equations' ;
LET             : 'let' ;
TIMED_ARRAY     : 'timed_array' ;
AND             : 'and' ;
OR              : 'or' ;
NOT             : 'not' ;
IF              : 'if' ;
FOR             : 'for' ;
IN              : 'in' ;
ELSE            : 'else' ;
TRUE            : 'True' | 'true' ;
FALSE           : 'False' | 'false' ;

LPAREN   : '(' { ++bracketDepth; } ;
RPAREN   : ')' { if (bracketDepth > 0) --bracketDepth; } ;
LBRACKET : '[' { ++bracketDepth; } ;
RBRACKET : ']' { if (bracketDepth > 0) --bracketDepth; } ;

// An identifier; inside a synapse_model, `{name}` pieces are replaced by the instance's name.
ID      : ID_START ID_PART* ('{' ID_START ID_PART* '}' ID_PART*)* ;
NUMBER  : DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT? ;
STRING  : '"' ~["\r\n]* '"' ;
UNTERMINATED_STRING : '"' ~["\r\n]* ;

NL           : '\r'? '\n' { if (bracketDepth > 0) skip(); } ;
CONTINUATION : '\\' [ \t]* '\r'? '\n' -> skip ;
COMMENT      : '#' ~[\r\n]* -> skip ;
WS           : [ \t]+ -> skip ;
ERROR_CHAR   : . ;

fragment ID_START : [a-zA-Z_] ;
fragment ID_PART  : [a-zA-Z_0-9] ;
fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
