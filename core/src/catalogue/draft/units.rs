//! 牵头单位 / Lead units from the subject's keywords.

use super::text::has_any;

/// Kinds of responsible units, named with the region's level prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Health,
    Education,
    CivilAffairs,
    HumanResources,
    MedicalInsurance,
    WomenFederation,
    Justice,
    PublicSecurity,
    Organization,
    Congress,
    Cppcc,
    TradeUnion,
    DisabledFederation,
    Culture,
    Environment,
    Water,
    Agriculture,
    Market,
    Cyberspace,
    Emergency,
    Science,
    Housing,
    Propaganda,
    Statistics,
    Commerce,
    Development,
    WomenChildrenOffice,
    Court,
}

impl Unit {
    pub(super) fn name(self, p: char) -> String {
        match self {
            Unit::Health => format!("{p}卫健局"),
            Unit::Education => format!("{p}教育局"),
            Unit::CivilAffairs => format!("{p}民政局"),
            Unit::HumanResources => format!("{p}人社局"),
            Unit::MedicalInsurance => format!("{p}医保局"),
            Unit::WomenFederation => format!("{p}妇联"),
            Unit::Justice => format!("{p}司法局"),
            // A district's public security bureau is a branch (分局) of the city's.
            Unit::PublicSecurity if p == '区' => "区公安分局".to_string(),
            Unit::PublicSecurity => format!("{p}公安局"),
            Unit::Organization => format!("{p}委组织部"),
            Unit::Congress => format!("{p}人大常委会办公室"),
            Unit::Cppcc => format!("{p}政协办公室"),
            Unit::TradeUnion => format!("{p}总工会"),
            Unit::DisabledFederation => format!("{p}残联"),
            Unit::Culture => format!("{p}文旅局"),
            Unit::Environment => format!("{p}生态环境局"),
            Unit::Water => format!("{p}水务局"),
            Unit::Agriculture => format!("{p}农业农村局"),
            Unit::Market => format!("{p}市场监管局"),
            Unit::Cyberspace => format!("{p}网信办"),
            Unit::Emergency => format!("{p}应急管理局"),
            Unit::Science => format!("{p}科协"),
            Unit::Housing => format!("{p}住建局"),
            Unit::Propaganda => format!("{p}委宣传部"),
            Unit::Statistics => format!("{p}统计局"),
            Unit::Commerce => format!("{p}工商联"),
            Unit::Development => format!("{p}发改局"),
            Unit::WomenChildrenOffice => format!("{p}妇儿工委办"),
            Unit::Court => format!("{p}法院"),
        }
    }
}

/// Keywords of an indicator's subject and the usual lead unit, first match wins.
pub(super) const LEAD_UNITS: &[(&[&str], Unit)] = &[
    (&["职工代表大会", "职代会"], Unit::TradeUnion),
    (&["领导班子", "女干部", "女党员", "党代会", "代表大会", "党组织", "正职干部"], Unit::Organization),
    (&["人大"], Unit::Congress),
    (&["政协"], Unit::Cppcc),
    (&["村委会", "居委会", "社会组织"], Unit::CivilAffairs),
    (&["收入差距", "时间差距", "受教育年限"], Unit::Statistics),
    (&["医疗保险", "医保", "生育保险", "医疗救助"], Unit::MedicalInsurance),
    (&["养老保险", "失业保险", "工伤保险", "社会保险", "社保", "就业", "劳动", "职业技能", "仲裁", "童工", "专业技术人员"], Unit::HumanResources),
    (&["家庭教育", "家长", "儿童之家", "男女平等基本国策", "宣传教育", "赡养"], Unit::WomenFederation),
    (&["司法救助", "法律援助"], Unit::Justice),
    (&["残疾", "康复"], Unit::DisabledFederation),
    (&["儿童福利", "养老", "低保", "救助", "福利", "孤儿", "困境", "留守", "流动儿童", "儿童保护", "监护", "收养"], Unit::CivilAffairs),
    (&["道路交通", "家庭暴力"], Unit::PublicSecurity),
    (
        &[
            "近视", "学生", "学校", "校园", "校外", "入学", "入园", "在园", "在校", "巩固率", "义务教育", "学前教育", "高中", "幼儿园",
            "教师", "教育",
        ],
        Unit::Education,
    ),
    (
        &[
            "孕产妇", "妇幼", "婴儿", "新生儿", "疫苗", "接种", "筛查", "患病", "死亡率", "母乳", "贫血", "营养", "保健", "医生", "床位",
            "卫生院", "出生缺陷", "产前", "剖宫产", "流产", "艾滋病", "梅毒", "乙肝", "宫颈癌", "乳腺癌", "健康素养", "龋", "生长迟缓",
            "肥胖", "超重", "托育", "预期寿命", "发病率", "传染病", "疾病", "心理健康", "医疗", "生殖健康", "母婴", "健康服务", "早期发展",
            "出生人口",
        ],
        Unit::Health,
    ),
    (&["家庭", "家教", "家风", "妇女权益", "婚姻", "性别平等", "男女平等"], Unit::WomenFederation),
    (&["民事权益", "审判", "诉讼"], Unit::Court),
    (&["法律", "法治", "司法", "法规", "普法"], Unit::Justice),
    (&["食品", "用品", "产品质量"], Unit::Market),
    (&["违法犯罪", "暴力", "拐卖", "性侵", "性骚扰", "安全座椅", "交通", "安全", "伤害"], Unit::PublicSecurity),
    (&["网络", "网信", "不良信息"], Unit::Cyberspace),
    (&["自来水", "供水", "饮用水"], Unit::Water),
    (&["卫生厕所", "农村"], Unit::Agriculture),
    (&["公共厕所", "住房"], Unit::Housing),
    (&["环境污染", "生态", "绿色低碳"], Unit::Environment),
    (&["科技", "科学素质"], Unit::Science),
    (&["体育", "锻炼", "体质", "图书", "文化"], Unit::Culture),
    (&["突发事件", "应急"], Unit::Emergency),
    (&["思想政治", "核心价值观"], Unit::Propaganda),
    (&["友好城市", "友好社区"], Unit::Development),
    (&["儿童事务", "儿童事业"], Unit::WomenChildrenOffice),
    (&["企业", "董事会"], Unit::Commerce),
];

pub(super) fn lead_unit_of(text: &str) -> Option<Unit> {
    LEAD_UNITS.iter().find(|(words, _)| has_any(text, words)).map(|(_, u)| *u)
}
