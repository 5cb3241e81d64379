//! The common shapes of event checks — comparisons of an event's, customer's or person's
//! fields with constants and with each other, arithmetic on numbers, `has`, `has_tag`,
//! `!`, `&&`, `||` and `let` — compiled from Rhai's own syntax tree into a tree evaluated
//! natively, with Rhai's semantics: the same parse (Rhai's), the same operators (checked
//! integer arithmetic, Rhai's tolerant float comparisons, `false` for `==` between
//! different non-numeric types), the same short-circuits.
//!
//! Whenever a run would leave what is modelled here exactly — a type the operator does
//! not take, an overflow, a division by zero, a list-valued field, a string past the
//! sandbox's size, an answer that is not `true` or `false` — the native run gives up
//! (`None`) and the check runs in Rhai, which gives its own answer or error. A script that
//! uses anything else (functions, loops, maps, imports, other properties) is not compiled
//! and always runs in Rhai.

use std::borrow::Cow;

use chrono::Timelike;
use fieldbook_core::calendar::Calendar;
use fieldbook_core::check::CheckInput;
use fieldbook_core::{Customer, Event, Person, Value};
use rhai::{AST, ASTFlags, Dynamic, Expr, FnCallExpr, Stmt};

use crate::api;

/// A check compiled to native code.
#[derive(Debug)]
pub(crate) struct Native {
    statements: Vec<Statement>,
    /// Whether the script reads `date` (made into text only then).
    date: bool,
    calendar: Calendar,
    max_string_size: usize,
}

#[derive(Debug)]
enum Statement {
    /// `let x = …;` (or `const`): the value goes to local slot `.0`.
    Let(usize, Node),
    Expr(Node),
}

#[derive(Debug)]
enum Node {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Var(Var),
    Prop(Box<Node>, Prop),
    Index(Box<Node>, String),
    Has(Box<Node>, String),
    HasTag(Box<Node>, String),
    Not(Box<Node>),
    Neg(Box<Node>),
    Binary(Op, Box<Node>, Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

#[derive(Clone, Copy, Debug)]
enum Var {
    Event,
    Customer,
    Person,
    Date,
    Local(usize),
}

#[derive(Clone, Copy, Debug)]
enum Prop {
    Id,
    Kind,
    Person,
    Customer,
    At,
    Hour,
    Clock,
    Minutes,
    Role,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A value during a native run.
#[derive(Clone, Debug)]
enum Val<'a> {
    Unit,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
    Event(&'a Event),
    Customer(&'a Customer),
    Person(&'a Person),
}

/// Rhai operations a native node may stand for, at most: a script is compiled only when
/// this many per node fit in the sandbox's budget, so that Rhai would not have stopped it.
const OPERATIONS_PER_NODE: u64 = 4;

/// The most `let`s a script compiled natively has (their values live on the stack).
const MAX_LOCALS: usize = 8;

impl Native {
    /// The native form of `ast`, if every part of it is modelled here and the sandbox's
    /// operation budget surely covers it.
    pub(crate) fn compile(ast: &AST, calendar: &Calendar, max_operations: u64, max_string_size: usize) -> Option<Self> {
        if ast.has_functions() {
            return None;
        }
        let mut compiler = Compiler { locals: Vec::new(), nodes: 0, date: false };
        let statements = ast.statements().iter().map(|s| compiler.statement(s)).collect::<Option<Vec<_>>>()?;
        let operations = (compiler.nodes as u64 + 4).saturating_mul(OPERATIONS_PER_NODE);
        (operations <= max_operations && compiler.locals.len() <= MAX_LOCALS).then(|| Self {
            statements,
            date: compiler.date,
            calendar: calendar.clone(),
            max_string_size,
        })
    }

    /// The check's answer, or `None` where Rhai must decide (see the module's header).
    pub(crate) fn run(&self, input: CheckInput<'_>) -> Option<bool> {
        let CheckInput::Event { event, customer, person, date } = input else { return None };
        let date = if self.date { date.to_string() } else { String::new() };
        let run = Run {
            native: self,
            event,
            customer: customer.map(|c| &**c),
            person,
            date: &date,
            locals: std::array::from_fn(|_| Val::Unit),
        };
        run.statements()
    }
}

struct Compiler {
    /// Names of the local slots, in order of declaration.
    locals: Vec<String>,
    nodes: usize,
    /// Whether `date` is read.
    date: bool,
}

impl Compiler {
    fn statement(&mut self, stmt: &Stmt) -> Option<Statement> {
        self.nodes += 1;
        match stmt {
            Stmt::Var(var, flags, _) if !flags.contains(ASTFlags::EXPORTED) => {
                let (ident, expr, _) = &**var;
                let value = self.expr(expr)?;
                self.locals.push(ident.name.to_string());
                Some(Statement::Let(self.locals.len() - 1, value))
            }
            Stmt::Expr(expr) => Some(Statement::Expr(self.expr(expr)?)),
            Stmt::FnCall(call, _) => Some(Statement::Expr(self.call(call)?)),
            Stmt::Noop(_) => Some(Statement::Expr(Node::Unit)),
            _ => None,
        }
    }

    fn expr(&mut self, expr: &Expr) -> Option<Node> {
        self.nodes += 1;
        Some(match expr {
            Expr::Unit(_) => Node::Unit,
            Expr::BoolConstant(b, _) => Node::Bool(*b),
            Expr::IntegerConstant(i, _) => Node::Int(*i),
            Expr::FloatConstant(f, _) => Node::Float(**f),
            Expr::StringConstant(s, _) => Node::Str(s.to_string()),
            Expr::DynamicConstant(value, _) => constant(value)?,
            Expr::Variable(var, _, _) => {
                let (_, name, namespace, _) = &**var;
                if !namespace.is_empty() {
                    return None;
                }
                Node::Var(self.variable(name)?)
            }
            Expr::Dot(dot, flags, _) if !flags.contains(ASTFlags::NEGATED) => {
                let target = Box::new(self.expr(&dot.lhs)?);
                match &dot.rhs {
                    Expr::Property(property, _) => Node::Prop(target, prop(&property.2)?),
                    Expr::MethodCall(call, _) if call.namespace.is_empty() => {
                        let [Expr::StringConstant(arg, _)] = call.args.as_slice() else { return None };
                        match call.name.as_str() {
                            "has" => Node::Has(target, arg.to_string()),
                            "has_tag" => Node::HasTag(target, arg.to_string()),
                            _ => return None,
                        }
                    }
                    _ => return None,
                }
            }
            Expr::Index(index, flags, _) if !flags.contains(ASTFlags::NEGATED) => {
                let Expr::StringConstant(key, _) = &index.rhs else { return None };
                Node::Index(Box::new(self.expr(&index.lhs)?), key.to_string())
            }
            Expr::And(list, _) => Node::And(list.iter().map(|e| self.expr(e)).collect::<Option<_>>()?),
            Expr::Or(list, _) => Node::Or(list.iter().map(|e| self.expr(e)).collect::<Option<_>>()?),
            Expr::FnCall(call, _) => self.call(call)?,
            _ => return None,
        })
    }

    /// An operator (`==`, `*`, `!`, unary `-`); no other function.
    fn call(&mut self, call: &FnCallExpr) -> Option<Node> {
        if !call.is_operator_call() || !call.namespace.is_empty() {
            return None;
        }
        match call.args.as_slice() {
            [operand] => {
                let operand = Box::new(self.expr(operand)?);
                match call.name.as_str() {
                    "!" => Some(Node::Not(operand)),
                    "-" => Some(Node::Neg(operand)),
                    _ => None,
                }
            }
            [lhs, rhs] => {
                let op = match call.name.as_str() {
                    "+" => Op::Add,
                    "-" => Op::Sub,
                    "*" => Op::Mul,
                    "/" => Op::Div,
                    "==" => Op::Eq,
                    "!=" => Op::Ne,
                    "<" => Op::Lt,
                    "<=" => Op::Le,
                    ">" => Op::Gt,
                    ">=" => Op::Ge,
                    _ => return None,
                };
                Some(Node::Binary(op, Box::new(self.expr(lhs)?), Box::new(self.expr(rhs)?)))
            }
            _ => None,
        }
    }

    fn variable(&mut self, name: &str) -> Option<Var> {
        if let Some(slot) = self.locals.iter().rposition(|local| local == name) {
            return Some(Var::Local(slot));
        }
        match name {
            "event" => Some(Var::Event),
            "customer" => Some(Var::Customer),
            "person" => Some(Var::Person),
            "date" => {
                self.date = true;
                Some(Var::Date)
            }
            _ => None,
        }
    }
}

/// A constant the optimizer folded, when of a type modelled here.
fn constant(value: &Dynamic) -> Option<Node> {
    if value.is_unit() {
        Some(Node::Unit)
    } else if let Ok(b) = value.as_bool() {
        Some(Node::Bool(b))
    } else if let Ok(i) = value.as_int() {
        Some(Node::Int(i))
    } else if let Ok(f) = value.as_float() {
        Some(Node::Float(f))
    } else {
        value.clone().into_immutable_string().ok().map(|s| Node::Str(s.to_string()))
    }
}

/// The properties the registered types have (see `api::register`).
fn prop(name: &str) -> Option<Prop> {
    Some(match name {
        "id" => Prop::Id,
        "kind" => Prop::Kind,
        "person" => Prop::Person,
        "customer" => Prop::Customer,
        "at" => Prop::At,
        "hour" => Prop::Hour,
        "clock" => Prop::Clock,
        "minutes" => Prop::Minutes,
        "role" => Prop::Role,
        _ => return None,
    })
}

struct Run<'a> {
    native: &'a Native,
    event: &'a Event,
    customer: Option<&'a Customer>,
    person: &'a Person,
    date: &'a str,
    locals: [Val<'a>; MAX_LOCALS],
}

impl<'a> Run<'a> {
    fn statements(mut self) -> Option<bool> {
        let mut last = Val::Unit;
        for statement in &self.native.statements {
            match statement {
                Statement::Let(slot, node) => {
                    let value = self.eval(node)?;
                    self.locals[*slot] = value;
                    last = Val::Unit;
                }
                Statement::Expr(node) => last = self.eval(node)?,
            }
        }
        match last {
            Val::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// A text value as Rhai would hand it out: not past the sandbox's string size.
    fn text(&self, text: impl Into<Cow<'a, str>>) -> Option<Val<'a>> {
        let text = text.into();
        (text.len() <= self.native.max_string_size).then_some(Val::Str(text))
    }

    fn eval(&self, node: &'a Node) -> Option<Val<'a>> {
        Some(match node {
            Node::Unit => Val::Unit,
            Node::Bool(b) => Val::Bool(*b),
            Node::Int(i) => Val::Int(*i),
            Node::Float(f) => Val::Float(*f),
            Node::Str(s) => Val::Str(Cow::Borrowed(s)),
            Node::Var(var) => match var {
                Var::Event => Val::Event(self.event),
                Var::Customer => self.customer.map_or(Val::Unit, Val::Customer),
                Var::Person => Val::Person(self.person),
                Var::Date => Val::Str(Cow::Borrowed(self.date)),
                Var::Local(slot) => self.locals[*slot].clone(),
            },
            Node::Prop(target, prop) => {
                let zone = self.native.calendar.time_zone();
                match (self.eval(target)?, prop) {
                    (Val::Event(e), Prop::Id) => self.text(e.id.as_str())?,
                    (Val::Event(e), Prop::Kind) => self.text(e.kind.as_str())?,
                    (Val::Event(e), Prop::Person) => self.text(e.person.as_str())?,
                    (Val::Event(e), Prop::Customer) => match e.customer.as_deref() {
                        Some(c) => self.text(c)?,
                        None => Val::Unit,
                    },
                    (Val::Event(e), Prop::At) => self.text(e.at.to_rfc3339())?,
                    (Val::Event(e), Prop::Hour) => Val::Int(i64::from(e.at.with_timezone(&zone).hour())),
                    (Val::Event(e), Prop::Clock) => Val::Int(api::clock(e, &zone)),
                    (Val::Event(e), Prop::Minutes) => Val::Float(api::minutes(e)),
                    (Val::Customer(c), Prop::Id) => self.text(c.id.as_str())?,
                    (Val::Person(p), Prop::Id) => self.text(p.id.as_str())?,
                    (Val::Person(p), Prop::Role) => match p.role.as_deref() {
                        Some(r) => self.text(r)?,
                        None => Val::Unit,
                    },
                    _ => return None,
                }
            }
            Node::Index(target, key) => match self.eval(target)? {
                Val::Event(e) => self.value(e.fields.get(key))?,
                Val::Customer(c) => self.value(c.fields.get(key.as_str()))?,
                Val::Person(p) => match p.attrs.get(key.as_str()) {
                    Some(v) => self.text(v.as_str())?,
                    None => Val::Unit,
                },
                _ => return None,
            },
            Node::Has(target, field) => match self.eval(target)? {
                Val::Event(e) => Val::Bool(e.fields.contains_key(field)),
                _ => return None,
            },
            Node::HasTag(target, tag) => match self.eval(target)? {
                Val::Customer(c) => Val::Bool(c.tags.iter().any(|t| t == tag)),
                _ => return None,
            },
            Node::Not(operand) => match self.eval(operand)? {
                Val::Bool(b) => Val::Bool(!b),
                _ => return None,
            },
            Node::Neg(operand) => match self.eval(operand)? {
                Val::Int(i) => Val::Int(i.checked_neg()?),
                Val::Float(f) => Val::Float(-f),
                _ => return None,
            },
            Node::Binary(op, lhs, rhs) => binary(*op, self.eval(lhs)?, self.eval(rhs)?)?,
            Node::And(operands) => {
                for operand in operands {
                    match self.eval(operand)? {
                        Val::Bool(true) => {}
                        Val::Bool(false) => return Some(Val::Bool(false)),
                        _ => return None,
                    }
                }
                Val::Bool(true)
            }
            Node::Or(operands) => {
                for operand in operands {
                    match self.eval(operand)? {
                        Val::Bool(false) => {}
                        Val::Bool(true) => return Some(Val::Bool(true)),
                        _ => return None,
                    }
                }
                Val::Bool(false)
            }
        })
    }

    /// A field value as `api::dynamic` gives it to scripts; lists are left to Rhai.
    fn value(&self, value: Option<&'a Value>) -> Option<Val<'a>> {
        Some(match value {
            None => Val::Unit,
            Some(Value::Bool(b)) => Val::Bool(*b),
            Some(Value::Integer(i)) => Val::Int(*i),
            Some(Value::Number(n)) => Val::Float(*n),
            Some(Value::Text(t)) => self.text(t.as_str())?,
            Some(Value::List(_)) => return None,
        })
    }
}

/// A binary operator over two values, as Rhai's built-in operators compute it.
fn binary<'a>(op: Op, lhs: Val<'a>, rhs: Val<'a>) -> Option<Val<'a>> {
    use Val::{Bool, Float, Int, Str, Unit};
    Some(match (lhs, rhs) {
        (Int(x), Int(y)) => match op {
            Op::Add => Int(x.checked_add(y)?),
            Op::Sub => Int(x.checked_sub(y)?),
            Op::Mul => Int(x.checked_mul(y)?),
            Op::Div if y == 0 => return None,
            Op::Div => Int(x.checked_div(y)?),
            _ => Bool(compare(op, x.cmp(&y))),
        },
        (Float(x), Float(y)) => float(op, x, y),
        #[allow(clippy::cast_precision_loss)] // as Rhai converts
        (Float(x), Int(y)) => float(op, x, y as f64),
        #[allow(clippy::cast_precision_loss)]
        (Int(x), Float(y)) => float(op, x as f64, y),
        (Bool(x), Bool(y)) if !is_arithmetic(op) => Bool(compare(op, x.cmp(&y))),
        (Str(x), Str(y)) if !is_arithmetic(op) => Bool(compare(op, x.as_ref().cmp(y.as_ref()))),
        (Unit, Unit) if !is_arithmetic(op) => Bool(op == Op::Eq),
        // Values of different types, not both numbers: only equality has an answer
        // (never equal); the same holds between a custom type and anything else.
        (x, y) if !is_arithmetic(op) && kind(&x) != kind(&y) => Bool(op == Op::Ne),
        _ => return None,
    })
}

fn is_arithmetic(op: Op) -> bool {
    matches!(op, Op::Add | Op::Sub | Op::Mul | Op::Div)
}

/// Which type a value has, for comparisons across types.
fn kind(value: &Val<'_>) -> u8 {
    match value {
        Val::Unit => 0,
        Val::Bool(_) => 1,
        Val::Int(_) => 2,
        Val::Float(_) => 3,
        Val::Str(_) => 4,
        Val::Event(_) => 5,
        Val::Customer(_) => 6,
        Val::Person(_) => 7,
    }
}

fn compare(op: Op, ordering: std::cmp::Ordering) -> bool {
    match op {
        Op::Eq => ordering.is_eq(),
        Op::Ne => ordering.is_ne(),
        Op::Lt => ordering.is_lt(),
        Op::Le => ordering.is_le(),
        Op::Gt => ordering.is_gt(),
        Op::Ge => ordering.is_ge(),
        Op::Add | Op::Sub | Op::Mul | Op::Div => unreachable!("compare is given comparisons"),
    }
}

/// Rhai's float operators (rhai 1.27, `func/builtin.rs`, checked build): comparisons
/// within a relative epsilon.
fn float<'a>(op: Op, x: f64, y: f64) -> Val<'a> {
    let max = || if x * y == 0.0 { 1.0 } else { x.abs().max(y.abs()) };
    let eps = f64::EPSILON;
    match op {
        Op::Add => Val::Float(x + y),
        Op::Sub => Val::Float(x - y),
        Op::Mul => Val::Float(x * y),
        Op::Div => Val::Float(x / y),
        Op::Eq => {
            let max = max();
            Val::Bool(max == 0.0 || (x - y).abs() / max <= eps)
        }
        Op::Ne => {
            let max = max();
            Val::Bool(max != 0.0 && (x - y).abs() / max > eps)
        }
        Op::Gt => {
            let max = max();
            Val::Bool(max != 0.0 && (x - y) / max > eps)
        }
        Op::Ge => {
            let max = max();
            Val::Bool(max == 0.0 || (x - y) / max > -eps)
        }
        Op::Lt => {
            let max = max();
            Val::Bool(max != 0.0 && (y - x) / max > eps)
        }
        Op::Le => {
            let max = max();
            Val::Bool(max == 0.0 || (y - x) / max > -eps)
        }
    }
}
