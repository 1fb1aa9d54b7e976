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
  | ID '=' expr                                                     # constantItem
  | GROUP ID '(' expr ')' body                                      # groupItem
  | SUBGROUP ID '=' parent=ID '[' start=expr? ':' stop=expr? ']' body?  # subgroupItem
  | SPIKE_GENERATOR ID '(' expr ')' body?                           # generatorItem
  | SYNAPSE_MODEL ID '(' (templateParam (',' templateParam)*)? ')' body  # synapseModelItem
  | SYNAPSES ID '(' source=ID '->' target=ID ')' synapsesDefinition # synapsesItem
  | MONITOR ID '=' kind=ID '(' (expr (',' expr)*)? ')' body?        # monitorItem
  | EXPERIMENT ID? body                                             # experimentItem
  ;

templateParam      : ID (':' unitSpec)? ('=' expr)? ;
synapsesDefinition : body                                           # inlineSynapses
                   | '=' ID '(' (namedArg (',' namedArg)*)? ')' body?  # templateSynapses
                   ;
namedArg           : ID '=' expr ;

// A body holds blocks (`init { ... }`) and settings (`threshold: v > v_thresh`); the
// experiment also steps (`run(200 ms)`) and assignments between runs (`neurons.I = 0.5 nA`,
// `spikes.active = False`). Which body takes which items is semantic analysis's.
body     : '{' sep* (bodyItem (sep+ bodyItem)* sep*)? '}' ;
bodyItem
  : EQUATIONS '{' sep* (equation (sep+ equation)* sep*)? '}'        # equationsBlock
  | ID '{' sep* (statement (sep+ statement)* sep*)? '}'             # statementBlock
  | ID ':' statement (',' statement)*                               # setting
  | ID '(' (expr (',' expr)*)? ')'                                  # callItem
  | (object=ID '.')? target=ID ('[' condition=expr ']')?
    op=('=' | '+=' | '-=' | '*=' | '/=') expr                       # assignmentItem
  ;

// ---------------------------------------------------------------- equations (Brian2 syntax)
equation
  : lhs=ID '/' dt=ID '=' expr ':' unitSpec flags?                   # differentialEquation
  | ID '=' expr ':' unitSpec flags?                                 # subexpressionEquation
  | ID ':' unitSpec flags?                                          # parameterEquation
  ;
unitSpec  : unitTerm (op=('*' | '/') unitTerm)* ;
unitTerm  : (ID | NUMBER) ('**' signedNumber)?
          | '(' unitSpec ')' ('**' signedNumber)?
          ;
signedNumber : ('-' | '+')? NUMBER ;
flags     : '(' flag (',' flag)* ')' ;
flag      : ID (('-' ID) | ID)* ;

// ---------------------------------------------------------------- statements
statement
  : LET ID '=' expr                                                 # letStatement
  | ID ('[' condition=expr ']')? op=('=' | '+=' | '-=' | '*=' | '/=') expr  # assignStatement
  | expr                                                            # expressionStatement
  ;

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
  | ID '(' (expr (',' expr)*)? ')'                                  # callPrimary
  | ID                                                              # namePrimary
  | '(' expr ')'                                                    # parenPrimary
  ;

// ---------------------------------------------------------------- lexer
IMPORT          : 'import' ;
GROUP           : 'group' ;
SUBGROUP        : 'subgroup' ;
SPIKE_GENERATOR : 'spike_generator' ;
SYNAPSE_MODEL   : 'synapse_model' ;
SYNAPSES        : 'synapses' ;
MONITOR         : 'monitor' ;
EXPERIMENT      : 'experiment' ;
EQUATIONS       : 'equations' ;
LET             : 'let' ;
AND             : 'and' ;
OR              : 'or' ;
NOT             : 'not' ;
IF              : 'if' ;
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
