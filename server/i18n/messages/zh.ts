// Simplified Chinese: the primary UI language and the source of truth for message keys.
// en.ts is typed against this object, so a key missing in English fails the type check.
// Placeholders use {name} and are filled by t() in server/i18n/t.ts.
import { teachingZh } from "./teaching.zh";
import { workspaceZh } from "./workspace.zh";
import { labZh } from "./lab.zh";

export const zh = {
  "app.name": "ConvLab",
  "app.tagline": "卷积神经网络实验课",
  "app.footer": "ConvLab · 面向高校的卷积神经网络课程平台",

  "nav.home": "课程主页",
  "nav.signIn": "登录",
  "nav.signUp": "注册",
  "nav.signOut": "退出登录",
  "nav.language": "语言",
  "nav.switchLanguage": "English",
  "nav.switchLanguageLabel": "切换到英文界面",
  "nav.userMenu": "账户菜单",
  "nav.lessons": "课程",
  "nav.classes": "我的班级",
  "nav.teaching": "教学",

  "role.STUDENT": "学生",
  "role.TEACHER": "教师",
  "role.ADMIN": "管理员",

  "home.hero.kicker": "动手学卷积神经网络",
  "home.hero.title": "从一次卷积到一个能识字的网络",
  "home.hero.body": "ConvLab 是一门边学边写代码的课程：你亲手实现卷积、池化、优化器和 CTC 解码，每次提交都会在服务器上自动评测，并指出常见错误。",
  "home.hero.primary": "免费注册",
  "home.hero.secondary": "已有账号？登录",
  "home.feature.code.title": "在浏览器里写代码",
  "home.feature.code.body": "每道练习都有起始代码和公开样例，写完即可运行。",
  "home.feature.grade.title": "即时自动评测",
  "home.feature.grade.body": "隐藏测试覆盖边界情况，诊断信息告诉你错在哪里。",
  "home.feature.class.title": "为课堂而设计",
  "home.feature.class.body": "教师可以建班、布置作业、查看成绩册。",
  "home.course.label": "课程",
  "home.course.units": "{count} 个单元",
  "home.course.exercises": "{count} 道练习",
  "home.course.cta": "开始学习",
  "home.course.missing": "课程尚未初始化。",

  "course.welcome": "欢迎回来，{name}",
  "course.intro": "按单元顺序完成练习；每个单元从最基础的概念讲起。",
  "course.unit": "第 {n} 单元",
  "course.unit.convolution.title": "卷积",
  "course.unit.convolution.summary": "填充、步幅、多通道：亲手实现二维卷积。",
  "course.unit.pooling.title": "池化",
  "course.unit.pooling.summary": "最大池化与平均池化，理解下采样。",
  "course.unit.optimization.title": "优化与训练",
  "course.unit.optimization.summary": "损失函数、梯度下降与常用优化器。",
  "course.unit.cnnCtc.title": "CNN + CTC",
  "course.unit.cnnCtc.summary": "把卷积网络与 CTC 结合起来识别文字序列。",
  "course.unit.empty": "本单元的练习即将上线。",
  "course.exercise.points": "{points} 分",
  "course.myClasses": "我的班级",
  "course.noClass": "你还没有加入任何班级。",

  "exercise.back": "返回课程主页",
  "exercise.topic": "单元：{topic}",
  "exercise.points": "满分 {points} 分",
  "exercise.version": "版本 {version}",
  "exercise.placeholder": "在线编辑器与评测即将在这里上线。下面是题目说明：",
  "exercise.promptMissing": "题目说明暂不可用。",

  "teacher.title": "我的班级",
  "teacher.subtitle": "把邀请码发给学生，他们即可加入班级。",
  "teacher.empty": "你还没有班级。",
  "teacher.joinCode": "邀请码",
  "teacher.students": "{count} 名学生",
  "teacher.course": "课程：{title}",

  "admin.title": "管理",
  "admin.teachers": "教师账号",
  "admin.noTeachers": "还没有教师账号。",
  "admin.createTeacher": "创建教师账号",
  "admin.create": "创建",
  "admin.created": "已创建教师账号 {email}",

  "auth.signIn.title": "登录 ConvLab",
  "auth.signIn.subtitle": "使用注册时的邮箱和密码登录。",
  "auth.signIn.submit": "登录",
  "auth.signIn.noAccount": "还没有账号？",
  "auth.signIn.toSignUp": "立即注册",
  "auth.signUp.title": "创建账号",
  "auth.signUp.subtitle": "注册后即可开始学习，默认为学生账号。",
  "auth.signUp.submit": "注册",
  "auth.signUp.haveAccount": "已有账号？",
  "auth.signUp.toSignIn": "去登录",
  "auth.passwordHint": "至少 {min} 个字符",
  "auth.pending": "请稍候…",
  "auth.invalidCredentials": "邮箱或密码不正确。",
  "auth.tooManyAttempts": "登录失败次数过多，请 {minutes} 分钟后再试。",

  "field.email": "邮箱",
  "field.name": "姓名",
  "field.password": "密码",
  "field.locale": "语言",
  "field.slug": "练习编号",
  "field.input": "输入",

  "validation.required": "请填写{field}。",
  "validation.tooShort": "{field}至少需要 {min} 个字符。",
  "validation.tooLong": "{field}不能超过 {max} 个字符。",
  "validation.email": "请输入有效的邮箱地址。",
  "validation.invalid": "{field}的格式不正确。",

  "errors.badRequest": "提交的内容有误，请检查后重试。",
  "errors.unauthorized": "请先登录。",
  "errors.forbidden": "你没有权限执行此操作。",
  "errors.notFound": "找不到请求的内容。",
  "errors.emailTaken": "该邮箱已注册，请直接登录。",
  "errors.tooManyRequests": "操作过于频繁，请稍后再试。",
  "errors.rateLimited": "尝试次数过多，请 {minutes} 分钟后再试。",
  "errors.internal": "服务器出了点问题，请稍后再试。",
  "errors.payloadTooLarge": "提交的内容过大。",
  "errors.conflict": "操作与现有数据冲突。",
  "errors.preconditionFailed": "当前状态不允许此操作。",
  "errors.pageNotFound": "页面不存在",
  "errors.backHome": "返回首页",

  // teaching features (classes, assignments, gradebook, live class): teaching.zh.ts
  ...teachingZh,
  // exercise page and the student's progress: workspace.zh.ts
  ...workspaceZh,
  // the virtual Orange Pi lab (/lab): lab.zh.ts
  ...labZh,
} as const;

export type MessageKey = keyof typeof zh;
